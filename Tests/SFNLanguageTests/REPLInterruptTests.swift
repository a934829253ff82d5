// Ctrl-C at the REPL, in a real terminal (tmux): the running command stops, a statement after it
// on the same line does not run, and the prompt is back on a line of its own within 0.5 s with
// one line "interrupted" before it, for a quiet run too (issue 17 items 3 and 4).
import Foundation
import Testing

/// The REPL in a tmux session of its own (a private server socket), driven by send-keys and read
/// by capture-pane.
final class TmuxREPL {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { tmux != nil && CLI.available }

    let socket = "sfn-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let home = Conf.tempDir()

    init() throws {
        let binary = try #require(CLI.binary)
        try tmux(["new-session", "-d", "-x", "160", "-y", "50",
                  "env HOME=\(home.path) OPENBLAS_NUM_THREADS=1 \(binary)"])
        #expect(waitFor(seconds: 20) { $0.last == "sfn>" })
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: home)
    }

    /// Runs a tmux command and returns its output (through a file). Spawned and waited for
    /// directly: Foundation's Process on Linux learns of a child's exit from a descriptor the
    /// child inherits, which the tmux server that `new-session` forks keeps open, so
    /// `waitUntilExit` would never return.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let out = home.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let argv = [Self.tmux!, "-L", socket, "-f", "/dev/null"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // As from a shell: no signal blocked or ignored (the test runner's threads block some, and
        // a blocked SIGINT would reach sfn through the tmux server).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ)
        try #require(rc == 0, "posix_spawn tmux: \(rc)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// The screen's lines, trailing blanks dropped.
    func screen() -> [String] {
        let text = (try? tmux(["capture-pane", "-p"])) ?? ""
        var lines = text.components(separatedBy: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Polls the screen until `done` holds (true) or `seconds` pass (false).
    func waitFor(seconds: Double, _ done: ([String]) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if done(screen()) { return true }
            usleep(10_000)
        }
        return done(screen())
    }

    func type(_ line: String) throws {
        try tmux(["send-keys", "-l", line])
        try tmux(["send-keys", "Enter"])
    }

    /// Sends Ctrl-C and returns the seconds until the prompt is the last line again.
    func interrupt() throws -> Double {
        let start = Date()
        try tmux(["send-keys", "C-c"])
        _ = waitFor(seconds: 30) { $0.last == "sfn>" }
        return Date().timeIntervalSince(start)
    }
}

@Suite(.enabled(if: TmuxREPL.available, "needs tmux and a built sfn executable"), .serialized)
struct REPLInterruptTests {
    /// A Hessian of 4000 parameters through a 600×4000 product: seconds, release build or not.
    static let setup = "A = randn(600, 4000, seed=1); f(w) = sum((A @ w)^2) / 2 + sum(w^4); x = ones(4000) / 10"

    @Test func hessianThenPrintOnOneLine() throws {
        let repl = try TmuxREPL()
        try repl.type(Self.setup)
        #expect(repl.waitFor(seconds: 30) { $0.last == "sfn>" })
        try repl.type("H = hessian(f, x); print(\"after\")")
        usleep(700_000)
        #expect(repl.screen().last != "sfn>")  // still running
        let seconds = try repl.interrupt()
        #expect(seconds < 0.5)
        let lines = repl.screen()
        #expect(!lines.contains("after"))
        #expect(Array(lines.suffix(3)) == ["^C", "interrupted", "sfn>"])  // ^C, the report, the prompt: each on its own line
        // and the REPL carries on, H unbound
        try repl.type("size(x)")
        #expect(repl.waitFor(seconds: 10) { $0.suffix(2) == ["[4000]", "sfn>"] })
    }

    /// A quiet run prints nothing of its own: the `^C` is still ended and "interrupted" said.
    @Test func quietRunEndsItsLine() throws {
        let repl = try TmuxREPL()
        try repl.type("f(x, y) = x^2 + y^2; r = gd(f, [1, 2], lr=1e-9, steps=1e9, quiet=true)")
        usleep(500_000)
        #expect(repl.screen().last != "sfn>")
        let seconds = try repl.interrupt()
        #expect(seconds < 0.5)
        #expect(Array(repl.screen().suffix(3)) == ["^C", "interrupted", "sfn>"])
        try repl.type("r.reason")
        #expect(repl.waitFor(seconds: 10) { $0.suffix(2) == ["\"interrupted\"", "sfn>"] })
    }
}
