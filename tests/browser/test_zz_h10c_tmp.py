from tests.browser.test_consultation import round_  # noqa: F401
from tests.browser.test_content_security_policy import watched  # noqa: F401


def test_tmp(watched, url, round_):
    page, check = watched
    page.goto(url("consultation:comment_form", slug=round_.plan.process.slug, pk=round_.pk) + "?part=measure%3A2")
    check()
    page.locator("#id_author_name").fill("Jana")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    print("HTML", page.locator("main").inner_text()[:800])
    check()
