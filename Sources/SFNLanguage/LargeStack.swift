// Evaluation on a thread with a large stack, so deep recursion in a program ends in the
// interpreter's "recursion too deep" error rather than in a stack overflow.
import Foundation
import SFNSyntax

extension Interpreter {
    /// Runs `body` on a fresh thread with ``stackSize`` bytes of stack and waits for it. A tree
    /// walker uses several Swift frames per nested sfn call (more in a debug build), and the main
    /// thread's 8 MiB is not enough for ``maxCallDepth`` of them. The stack is reserved address
    /// space; pages are only touched as deep as the program actually recurses. Nested calls (an
    /// import, a built-in running source) stay on the current thread.
    func onLargeStack<T>(_ body: @escaping () throws -> T) throws -> T {
        if running { return try body() }
        running = true
        defer { running = false }
        let result = UncheckedBox<Result<T, Error>?>(nil)
        let work = UncheckedBox(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.value = Result { try work.value() }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        guard let r = result.value else { throw SFNError("internal error: evaluation thread did not finish", at: SourceLocation(file: "<sfn>", line: 0, column: 0)) }
        return try r.get()
    }
}

/// Moves a value to the evaluation thread: the caller blocks until that thread is done with it,
/// so the value is never used by two threads at once.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
