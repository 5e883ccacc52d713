//! A `<textarea>` whose typed text comes back from the server. Leptos (tachys 0.2)
//! writes a textarea's children unescaped (`ESCAPE_CHILDREN` is false for it, as for
//! `<script>`), so a text holding `</textarea><script>…` would end the box and become
//! markup. The text is escaped here instead; the browser reads the box's content as
//! text with character references decoded, so the form posts back exactly what was typed.

use leptos::prelude::*;

/// `text` escaped for a textarea's content: `&`, `<` and `>` as character references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A multi-line text field holding `text` (at most `maxlength` characters, in `lang`,
/// when given).
#[component]
pub fn TextBox(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    rows: u32,
    text: String,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] lang: Option<&'static str>,
) -> impl IntoView {
    view! {
        <textarea id=id name=name rows=rows.to_string() maxlength=maxlength.map(|m| m.to_string()) lang=lang>{escape(&text)}</textarea>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_text_cannot_end_its_box() {
        assert_eq!(
            escape("a < b && </textarea><script>x</script>"),
            "a &lt; b &amp;&amp; &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("ខ្មែរ"), "ខ្មែរ");
    }
}
