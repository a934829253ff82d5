// A flag that lets another thread (or a SIGINT handler) stop a running method.
import Synchronization

/// A cancellation flag shared between a running method and whoever wants to stop it.
///
/// Every iterative method polls it once per step and inside its inner loops (line searches, the
/// damping ladder). A cancelled run is not an error: it returns its record with
/// `reason == .interrupted`, keeping the steps already taken. The flag is a lock-free atomic, so
/// `cancel()` may be called from another task or from a signal handler (Ctrl-C in the REPL).
///
///     let stop = Cancellation()
///     var options = RunOptions(cancellation: stop)
///     // elsewhere: stop.cancel()
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not yet cancelled.
    public init() {}

    /// Requests that the running method stop at its next poll.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called since creation or the last `reset()`.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Clears the flag so the same object can serve the next command.
    public func reset() { flag.store(false, ordering: .relaxed) }
}
