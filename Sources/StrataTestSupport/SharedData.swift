import Foundation

/// Locates the project's shared reference data (`../shared` next to the
/// repository), which CI always has and a fresh clone usually does not.
///
/// Tests that need it call ``SharedData/directory`` and skip with a visible
/// notice when it is `nil` (see ``SharedData/skipNotice(_:)``). Set
/// `STRATA_SHARED` to point somewhere else.
public enum SharedData {
    /// The repository root (the folder holding `Package.swift`).
    public static var repositoryRoot: URL {
        // This file is Sources/StrataTestSupport/SharedData.swift.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared` (or `$STRATA_SHARED`) when it exists.
    public static var directory: URL? {
        let candidate: URL
        if let env = ProcessInfo.processInfo.environment["STRATA_SHARED"], !env.isEmpty {
            candidate = URL(fileURLWithPath: env)
        } else {
            candidate = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { return nil }
        return candidate
    }

    /// A file under the shared folder, e.g. `file("data/nist_strd/Longley.dat")`,
    /// or `nil` (after printing a skip notice) when the shared folder or the file is absent.
    public static func file(_ relativePath: String) -> URL? {
        guard let dir = directory else {
            skipNotice("../shared is absent; skipping tests that need \(relativePath)")
            return nil
        }
        let url = dir.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            skipNotice("\(url.path) is absent; skipping")
            return nil
        }
        return url
    }

    /// `true` when the shared folder exists; used in `.enabled(if:)` traits.
    public static var isAvailable: Bool { directory != nil }

    /// Print a notice to standard error that a test was skipped for lack of data.
    public static func skipNotice(_ message: String) {
        // write(2), not FileHandle.write (which traps when standard error is closed).
        let bytes = Array("SKIP (shared data): \(message)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
