// embed-demo: everything LANGUAGE.md §8 promises an embedding Swift program, in order.
import Foundation
import SFNKit

/// Collects what the interpreter prints (the handler runs on the interpreter's evaluation thread).
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ text: String) { lock.withLock { lines.append(text) } }
    var text: String { lock.withLock { lines.joined() } }
}

func demo() async throws {
    // 1. Create an interpreter and send everything it prints to a handler of our choice.
    let sfn = Interpreter()
    let transcript = Transcript()
    sfn.output = { transcript.append($0) }

    // 2. Bind Swift values into its scope.
    sfn.bind("x0", .vector([1, 0.001]))
    sfn.bind("A", .matrix([[2, 1], [1, 3]]))
    sfn.bind("label", .string("toy"))
    if let settings = Value(swift: ["lr": 0.05, "steps": 200] as [String: Any]) { sfn.bind("settings", settings) }

    // 3. Register a Swift function as a built-in, with the text `:help rosen` would show.
    sfn.register(Builtin(
        "rosen", signature: "rosen(x, y, a=1, b=100)", summary: "the Rosenbrock function, computed in Swift",
        help: "(a − x)² + b·(y − x²)². A plain Swift built-in: call it on numbers, not inside an objective.",
        parameters: [.required("x"), .required("y"), .named("a", .number(1)), .named("b", .number(100))]) { args in
            let x = try args.number("x"), y = try args.number("y")
            let a = try args.number("a"), b = try args.number("b")
            return .number((a - x) * (a - x) + b * (y - x * x) * (y - x * x))
        })
    print("help for the Swift built-in:\n" + (sfn.builtins["rosen"]?.helpText ?? "?"))

    // 4. Run source; read back the value of its last statement as Swift values.
    let kind = try sfn.run("""
        f(x, y) = x^2 - y^2 + y^4/4
        classify(f, [0, 0], quiet=true).kind
        """, name: "demo.sfn")
    print("classify at the origin:", kind.swiftValue as? String ?? "?")

    let result = try sfn.run("r = sfn(f, x0); r", name: "demo.sfn")
    if let record = result.swiftValue as? [String: Any] {
        print("sfn from x0: reason \(record["reason"] ?? "?"), f = \(record["f"] ?? "?"), x = \(record["x"] ?? "?"), steps = \(record["steps"] ?? "?")")
    }
    print("eig(A).values:", try sfn.run("eig(A).values").swiftValue as? [Double] ?? [])
    print("hessian at x0:", try sfn.run("hessian(f, x0)").matrixRows ?? [])
    print("rosen(1, 1) + rosen(0, 0):", try sfn.run("rosen(1, 1) + rosen(0, 0)").number ?? .nan)
    print("settings.lr * 2:", try sfn.run("settings.lr * 2").number ?? .nan)
    print("label:", sfn.global("label")?.swiftValue as? String ?? "?")

    // … or run a file (imports inside it are relative to its directory).
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("embed-demo-\(getpid()).sfn")
    try "g(w) = sum((w - [1, 2, 3])^2)\nlbfgs(g, zeros(3), quiet=true).x\n".write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    print("lbfgs from a file:", try sfn.runFile(path: script.path).doubles ?? [])

    // 5. What the interpreter printed went to the handler, not to stdout.
    print("captured output:")
    print(transcript.text.split(separator: "\n").map { "  | " + $0 }.joined(separator: "\n"))

    // 6. Cancel a running command from another task: the run stops with reason "interrupted" and
    //    still returns the record of what was done.
    let stop = sfn.cancellation
    let canceller = Task.detached {
        try? await Task.sleep(for: .milliseconds(200))
        while !Task.isCancelled {
            stop.cancel()
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
    let started = Date()
    let long = try sfn.run("gd(f, [1, 0.1], lr=1e-9, steps=1000000000, quiet=true)")
    canceller.cancel()
    if let record = long.swiftValue as? [String: Any] {
        print(String(format: "cancelled after %.2f s: reason \(record["reason"] ?? "?"), steps taken > 0: \(((record["steps"] as? Double) ?? 0) > 0)",
                     Date().timeIntervalSince(started)))
    }

    // 7. Errors arrive as typed Swift errors with the location and message the CLI prints.
    do {
        try sfn.run("y = 1\nz = y + fo(2)", name: "broken.sfn")
    } catch let error as SFNError {
        print("caught SFNError at \(error.location) (line \(error.location.line), column \(error.location.column)): \(error.message)")
        print(error.render())
    }
}

try await demo()
