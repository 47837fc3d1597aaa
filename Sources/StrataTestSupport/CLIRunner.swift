import Foundation

/// Runs the built `strata` executable, for end-to-end tests of the CLI.
public enum CLIRunner {
    /// What one run printed and returned.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The process was ended by a signal (a crash: trap, abort, segfault), not by exit.
        public var crashed: Bool = false
    }

    /// The `strata` binary next to the test bundle (SwiftPM puts executables
    /// and test bundles in the same products folder).
    public static var executable: URL? {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("strata"))
        candidates.append(bundle.appendingPathComponent("strata"))
        if let arg0 = CommandLine.arguments.first {
            let url = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            candidates.append(url.appendingPathComponent("strata"))
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("strata"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Run `strata` with `arguments`, optionally feeding `stdin`.
    public static func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        guard let exe = executable else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "strata executable not found next to the test bundle"])
        }
        let process = Process()
        process.executableURL = exe
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently-safe: stdout first may block if stderr fills;
        // outputs here are small or stdout-dominated.
        let errData = LockedData()
        let errThread = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self),
            crashed: process.terminationReason == .uncaughtSignal)
    }

    /// Write `contents` to a fresh temporary file and return its path.
    public static func temporaryFile(_ contents: String, suffix: String = ".csv") throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-test-\(UUID().uuidString)\(suffix)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ d: Data) { lock.lock(); data = d; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
