"""The error report form: a real channel to the editors, on the site's own address (Netlify Forms),
with every field labelled, and no placeholder address left anywhere in the publication."""
import re
from html.parser import HTMLParser

from conftest import ROOT, build_to


class Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.fields, self.labels = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        elif tag in ("input", "textarea") and self.forms:
            self.fields.append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


def test_the_report_form_posts_to_this_site_through_netlify_forms(tmp_path):
    build_to(ROOT / "content", tmp_path / "site", search=False)
    html = (tmp_path / "site" / "report-an-error" / "index.html").read_text()
    form = Form()
    form.feed(html)
    (attrs,) = form.forms
    assert attrs["method"] == "POST" and attrs["data-netlify"] == "true" and attrs["name"] == "error-report"
    assert attrs["netlify-honeypot"] == "bot-field"
    # Where it leads after sending: a page of this site, relative, so form-action 'self' allows it.
    assert not re.match(r"[a-z]+:|//", attrs["action"])
    assert (tmp_path / "site" / "report-an-error" / "thanks" / "index.html").is_file()
    visible = [f for f in form.fields if f.get("name") != "bot-field"]
    assert {f["name"] for f in visible} == {"page", "what", "source", "email"}
    assert all(f["id"] in form.labels for f in visible), "every field has its label"
    about = (tmp_path / "site" / "about" / "index.html").read_text()
    assert "report-an-error/" in about and "example.org" not in about
