import Foundation
import Testing
import StrataTestSupport

@Suite struct CLIBasicsTests {
    @Test func versionPrints() throws {
        let out = try CLIRunner.run(["--version"])
        #expect(out.status == 0)
        #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func helpListsAbstract() throws {
        let out = try CLIRunner.run(["--help"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("Strategic analysis of migrant smuggling"))
    }
}
