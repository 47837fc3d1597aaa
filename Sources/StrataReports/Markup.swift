/// Escaping of text taken from input data (names, codes, labels) before it
/// goes into HTML, SVG or Markdown, so that a hostile label cannot inject
/// markup or script into a report.
public enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character
    /// references, safe in HTML/SVG element content and quoted attributes.
    /// Control characters other than tab, LF and CR (invalid in XML 1.0)
    /// become U+FFFD.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
