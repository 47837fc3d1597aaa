import Testing
@testable import StrataReports

@Suite("Markup escaping")
struct MarkupTests {
    @Test("Markup characters become character references")
    func escapesMarkup() {
        // Written out by hand from the HTML spec's five predefined references.
        #expect(Markup.escapeHTML("<script>alert('x')</script> & \"q\"")
            == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
    }

    @Test("Control characters that XML forbids are replaced")
    func replacesControlCharacters() {
        #expect(Markup.escapeHTML("a\u{0}b\u{7}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
    }
}
