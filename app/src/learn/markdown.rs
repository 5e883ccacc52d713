//! Lesson text: Markdown to HTML on the server, with pulldown-cmark, made safe to put in
//! a page: raw HTML in the source is shown as text (so no script, no event attributes),
//! and only `http(s):`, `mailto:`, `tel:` and site-relative links and images survive.
//! Images load lazily and keep their box: a title written `WIDTHxHEIGHT` (for example
//! `![Danger sign](/media/danger-sign.svg "320x240")`) becomes the image's explicit size.
//! What a course's offline copy keeps (its pages and images, size and version) is worked
//! out here too, from the lessons' Markdown.

use domain::{ClassId, Locale};
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use store::learn::LessonContent;
use wire::learn::OfflineBundle;

pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut in_image: Option<(String, String)> = None;
    let mut alt = String::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        // Raw HTML in lesson text is shown, never run.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            in_image = Some((safe_url(dest_url).to_string(), title.to_string()));
            alt.clear();
            None
        }
        Event::End(TagEnd::Image) => {
            let (src, title) = in_image.take().unwrap_or_default();
            let size = match size(&title) {
                Some((w, h)) => format!("width=\"{w}\" height=\"{h}\""),
                None => format!("title=\"{}\"", escape(&title)),
            };
            Some(Event::Html(CowStr::from(format!(
                "<img src=\"{}\" alt=\"{}\" {size} loading=\"lazy\" decoding=\"async\">",
                escape(&src),
                escape(&alt),
            ))))
        }
        Event::Text(text) if in_image.is_some() => {
            alt.push_str(&text);
            None
        }
        other if in_image.is_some() => {
            drop(other);
            None
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// A bytes estimate for one lesson image, for "Download for offline" before it starts.
pub const IMAGE_ESTIMATE_BYTES: u64 = 10_000;

/// `WIDTHxHEIGHT` in an image's title: its explicit size.
fn size(title: &str) -> Option<(u16, u16)> {
    let (w, h) = title.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// The site-relative images a lesson shows (what an offline copy must keep).
pub fn images(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
        || (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#');
    if allowed {
        url
    } else {
        CowStr::from("#")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Bytes a saved page weighs besides its lesson text, per language (HTML, header,
/// island props; measured on the demo course, uncompressed).
const PAGE_OVERHEAD_BYTES: u64 = 9_000;

/// What "Download for offline" saves for a course: its pages (each in every language)
/// and the images its lessons show, an estimate of their size, and a version that
/// changes whenever the content does.
pub fn offline_bundle(class: ClassId, lessons: &[LessonContent]) -> OfflineBundle {
    use sha2::{Digest, Sha256};
    let mut pages = vec![
        "/".to_owned(),
        "/learn".to_owned(),
        format!("/learn/course/{class}"),
        format!("/learn/progress/{class}"),
    ];
    let mut files = Vec::new();
    let mut hash = Sha256::new();
    let languages = Locale::ALL.len() as u64;
    let mut bytes = pages.len() as u64 * PAGE_OVERHEAD_BYTES * languages;
    for lesson in lessons {
        let LessonContent {
            id,
            titles,
            body,
            checks,
        } = lesson;
        pages.push(format!("/learn/lesson/{id}"));
        for part in [id, titles, &body.km, &body.en, checks] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        bytes +=
            PAGE_OVERHEAD_BYTES * languages + (titles.len() + body.km.len() + body.en.len()) as u64;
        bytes += checks.len() as u64 * languages;
        for src in images(&body.km).into_iter().chain(images(&body.en)) {
            if !files.contains(&src) {
                files.push(src);
            }
        }
    }
    // Pages travel compressed, about 3:1 (measured on the demo course: 222 KB saved,
    // 73 KB on the wire); images are already compressed.
    bytes /= 3;
    for file in &files {
        hash.update(file.as_bytes());
        bytes += IMAGE_ESTIMATE_BYTES;
    }
    let version = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    OfflineBundle {
        pages,
        files,
        estimate_bytes: bytes,
        version,
    }
}

#[cfg(test)]
mod tests {
    use super::{images, render};

    #[test]
    fn renders_lessons() {
        let html = render("## Steps\n\n1. Switch off\n2. Lock\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**Never** work live.");
        assert!(html.contains("<h2>Steps</h2>"));
        assert!(html.contains("<ol>") && html.contains("<li>Lock</li>"));
        assert!(html.contains("<table>") && html.contains("<td>2</td>"));
        assert!(html.contains("<strong>Never</strong>"));
    }

    #[test]
    fn raw_html_and_scripts_are_shown_not_run() {
        let html = render("Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n<div onclick=\"x()\">a</div>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<div onclick"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_safe_links_and_images_survive() {
        let html = render("[a](javascript:alert(1)) [b](https://example.org/x) [c](/learn) [d](data:text/html,x) ![pic](javascript:x \"t\") ![ok](/img/a.png)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains("href=\"https://example.org/x\"") && html.contains("href=\"/learn\"")
        );
        assert!(
            html.contains("<img src=\"/img/a.png\" alt=\"ok\" title=\"\" loading=\"lazy\""),
            "{html}"
        );
        assert!(html.contains("<img src=\"#\" alt=\"pic\""), "{html}");
    }

    #[test]
    fn images_get_their_size_and_are_listed_for_offline_copies() {
        let md = "![Danger](/media/danger.svg \"320x240\") ![far](https://example.org/a.png) ![x](//evil/x.png)";
        let html = render(md);
        assert!(
            html.contains("<img src=\"/media/danger.svg\" alt=\"Danger\" width=\"320\" height=\"240\" loading=\"lazy\""),
            "{html}"
        );
        assert_eq!(images(md), vec!["/media/danger.svg".to_owned()]);
    }

    #[test]
    fn khmer_text_passes_through() {
        assert!(render("## ជំហាន\n\nកុំប៉ះ។").contains("<h2>ជំហាន</h2>"));
    }
}
