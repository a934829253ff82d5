// Issue 18: the REPL on a real terminal (tmux gives `sfn` a pseudo-terminal, as a user's would):
// Tab completion through readline, a multi-line entry recalled from history as one, colour and
// NO_COLOR, and values fitted to the terminal's width. Skipped without tmux or a built `sfn`.
import Foundation
import Testing

/// One `sfn` REPL in a detached tmux session of a given size, on a private tmux server.
final class TmuxSession {
    static var available: Bool {
        CLI.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    }

    let socket = "sfn-test-\(UUID().uuidString.prefix(8))"
    let home: URL

    /// Starts `sfn arguments` in `directory` (default: a fresh home) with `environment` added.
    init(columns: Int = 100, rows: Int = 30, arguments: [String] = [], environment: [String: String] = [:],
         home: URL? = nil, directory: URL? = nil) throws {
        self.home = home ?? Conf.tempDir()
        let binary = try #require(CLI.binary)
        var env = ["HOME": self.home.path, "OPENBLAS_NUM_THREADS": "1", "TERM": "xterm-256color"]
        env.merge(environment) { _, new in new }
        let command = (["env", "-u", "NO_COLOR"] + env.map { "\($0.key)=\($0.value)" } + [binary] + arguments)
            .map(TmuxSession.shellQuoted).joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-c", (directory ?? self.home).path, command])
        try waitFor { $0.contains("sfn> ") }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // posix_spawn and waitpid rather than Foundation's Process, whose wait never saw the
        // tmux client exit (it forks the server); output through a file, which the server may
        // keep open.
        let outPath = home.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        // The test runs on a thread that blocks most signals, and a spawned process inherits the
        // mask: without this reset the tmux server and sfn would ignore SIGHUP and outlive
        // kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv + [nil], environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Types `keys` (tmux key names such as "Tab", "Up", "Enter" are sent as keys).
    func send(_ keys: String...) throws {
        for k in keys {
            if ["Tab", "Up", "Down", "Enter", "C-c", "C-d", "C-a", "C-k"].contains(k) {
                try tmux(["send-keys", k])
            } else {
                try tmux(["send-keys", "-l", k])
            }
            usleep(150_000)  // let readline redraw between keys
        }
    }

    /// The screen's text (`escapes`: with its colour codes).
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []))
    }

    /// Waits (up to 20 s) until the screen satisfies `condition`; returns it.
    @discardableResult
    func waitFor(_ condition: (String) -> Bool) throws -> String {
        var text = ""
        for _ in 0..<200 {
            text = try screen()
            if condition(text) { return text }
            usleep(100_000)
        }
        Issue.record("timed out; the screen was:\n\(text)")
        return text
    }

    /// The text of the screen's last line that starts with the prompt, once it is `expected`
    /// (readline may redraw late on a busy machine), or after 10 s whatever it is.
    func promptLine(becoming expected: String) throws -> String {
        var line = ""
        for _ in 0..<100 {
            line = try screen().split(separator: "\n").last { $0.hasPrefix("sfn> ") }.map(String.init) ?? ""
            // Spaces that readline's redraw left at the end are not typed text (a prompt line
            // ending in a typed space is compared before they could appear).
            if line != expected { while line.hasSuffix(" ") && line.count > expected.count { line.removeLast() } }
            if line == expected { break }
            usleep(100_000)
        }
        return line
    }
}

@Suite(.enabled(if: TmuxSession.available, "needs tmux and a built sfn"), .serialized)
struct ReplTerminalTests {
    @Test func tabCompletesCommandsFieldsArgumentsAndPaths() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "x\n1\n".write(to: dir.appendingPathComponent("data/digits_small.csv"), atomically: true, encoding: .utf8)
        let t = try TmuxSession(directory: dir)
        // `:he` is `:help`, not `:hessian` (the bug).
        try t.send(":he", "Tab")
        #expect(try t.promptLine(becoming: "sfn> :help ") == "sfn> :help ")
        try t.send("C-a", "C-k")
        try t.send("s = record(alpha = 1, beta = 2)", "Enter", "s.al", "Tab")
        #expect(try t.promptLine(becoming: "sfn> s.alpha") == "sfn> s.alpha")
        try t.send("C-a", "C-k", "r = sfn(f, x, dampi", "Tab")
        #expect(try t.promptLine(becoming: "sfn> r = sfn(f, x, damping=") == "sfn> r = sfn(f, x, damping=")
        try t.send("C-a", "C-k", "load(\"data/dig", "Tab")
        #expect(try t.promptLine(becoming: "sfn> load(\"data/digits_small.csv\"") == "sfn> load(\"data/digits_small.csv\"")
        try t.send("C-a", "C-k", ":load da", "Tab")
        let loadLine = try t.promptLine(becoming: "sfn> :load data/")
        #expect(loadLine == "sfn> :load data/", "\((try? t.screen()) ?? "")")
    }

    @Test func aMultiLineEntryComesBackFromHistoryAsOne() throws {
        let home = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: home) }
        do {
            let t = try TmuxSession(home: home)
            try t.send("for i in 1:3 {", "Enter", "  print(i * 10)", "Enter", "}", "Enter")
            try t.waitFor { $0.contains("30\n") }
            try t.send("Up", "Enter")
            // Run again as a whole: a second 10, 20, 30.
            try t.waitFor { $0.components(separatedBy: "30\n").count == 3 }
            try t.send("C-d")
            usleep(500_000)
        }
        // And in the next session, from ~/.sfn_history.
        let t = try TmuxSession(home: home)
        try t.send("Up", "Enter")
        let screen = try t.waitFor { $0.contains("30\n") }
        #expect(screen.contains("10\n20\n30\n"))
    }

    @Test func colourOnATerminalUnlessNoColor() throws {
        let t = try TmuxSession()
        try t.send("fo(1)", "Enter")
        try t.waitFor { $0.contains("unknown name") }
        let coloured = try t.screen(escapes: true)
        // tmux restates the codes one attribute at a time: bold, then the colour.
        #expect(coloured.contains("\u{1B}[1m\u{1B}[31merror:"))     // bold red
        #expect(coloured.contains("\u{1B}[1m\u{1B}[32msfn> "))      // the prompt, bold green
        let plain = try TmuxSession(environment: ["NO_COLOR": "1"])
        try plain.send("fo(1)", "Enter")
        try plain.waitFor { $0.contains("unknown name") }
        #expect(!(try plain.screen(escapes: true)).contains("\u{1B}["))
    }

    @Test func valuesFitTheTerminalsWidth() throws {
        let t = try TmuxSession(columns: 60, rows: 30)
        try t.send("A = randn(5, 30); A", "Enter")
        let screen = try t.waitFor { $0.contains("]\nsfn> ") }
        let rows = screen.split(separator: "\n").filter { $0.contains("…") }
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.count <= 60 })
    }
}
