def test_the_front_page_lists_the_enti_and_is_accessible(page, assert_accessible, personas):
    page.goto("/")
    assert page.get_by_role("link", name="Comune di Lodrino").first.is_visible()
    assert_accessible()
