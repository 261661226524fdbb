"""Getting in from a phone: the join QR code scans whole at phone and laptop size, and whoever
types the address gets in with the room's PIN."""

import os
import shutil
import subprocess

import pytest

from betrokkenheid import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zbarimg():
    """Debian's QR reader (zbar-tools), which reads the code as a phone's camera would."""
    found = shutil.which("zbarimg")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg is missing; .ci/run installs zbar-tools")
        pytest.skip("zbar-tools is not installed")
    return found


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "laptop"])
def test_the_join_code_scans_whole(lan_server, browser, zbarimg, tmp_path, size):
    """The QR code in the dashboard's join card reads back as the join link, with its token."""
    from playwright.sync_api import expect

    code = Store(lan_server.db).create_session("De Linde", "betrokkenheidsboom", "baseline").code
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        page.goto(lan_server.page("06_dashboard.ipynb", s=code, token=lan_server.token))
        qr = page.locator(".btk-join svg")
        expect(qr).to_be_visible(timeout=60_000)
        box = qr.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]  # not cut off at the side
        shot = tmp_path / "qr.png"
        qr.screenshot(path=str(shot))
    finally:
        context.close()
    read = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(shot)], capture_output=True, text=True, timeout=30
    )
    assert read.returncode == 0, read.stderr
    link = read.stdout.strip()
    assert link.endswith(f"/voila/render/00_start.ipynb?token={lan_server.token}")


def test_typing_the_address_and_the_pin_on_a_phone(lan_server, browser):
    """On a phone: the room's bare address, our PIN page, the PIN as read aloud (lower case,
    a space), and the start page is there to join."""
    from playwright.sync_api import expect

    from betrokkenheid.serve import room_pin

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{lan_server.port}/")
        pin = page.get_by_label("Pincode")
        expect(pin).to_be_focused()
        box = page.get_by_role("button", name="Meedoen").bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 390  # a thumb's target
        code = room_pin(lan_server.token)
        pin.fill(f"{code[:3].lower()} {code[3:].lower()}")
        page.get_by_role("button", name="Meedoen").click()
        expect(page.get_by_placeholder("K7MQ2P")).to_be_visible(timeout=60_000)
        assert "/voila/render/00_start.ipynb" in page.url and "token" not in page.url
    finally:
        context.close()
