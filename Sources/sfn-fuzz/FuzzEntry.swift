// The libFuzzer target for the parser and the interpreter: each input is a program, parsed and run
// in a fresh interpreter. Anything but a crash is a pass: a syntax error, a run-time error, a
// result. Built only with the fuzzer runtime (scripts/fuzz.sh):
//
//     swift build -c release --sanitize=fuzzer --product sfn-fuzz
//     SWIFT_BACKTRACE=enable=no .build/release/sfn-fuzz corpus -max_total_time=60
//
// An input may ask for unbounded work, so each runs inside limits that keep the fuzzer's runs
// short and its memory small without hiding bugs:
//   - a time budget (SFN_FUZZ_MS, default 100 ms): a watchdog thread cancels the interpreter, as
//     Ctrl-C does, and every loop, call and command stops at its next poll;
//   - tensors of at most 1e6 elements (the language's limit is 1e8: the same checks, lower);
//   - no file access: load, import of a path, save and plots with file= fail with an error, and
//     the working directory is a fresh temporary folder besides.
// This file has no top-level code: libFuzzer provides main().
import Foundation
import SFNLanguage
import SFNMethods
import SFNSyntax
import Synchronization

/// The interpreter's cancellation flag while an input runs, and when its budget ends.
private let running = Mutex<(cancellation: Cancellation?, deadline: DispatchTime)>((nil, .distantFuture))

private let setUp: Void = {
    ValueLimits.tensorElements = 1_000_000
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
    let watchdog = Thread {
        while true {
            usleep(2_000)
            running.withLock { state in
                if let c = state.cancellation, DispatchTime.now() >= state.deadline { c.cancel() }
            }
        }
    }
    watchdog.start()
}()

private let budget: UInt64 = {
    let ms = ProcessInfo.processInfo.environment["SFN_FUZZ_MS"].flatMap(UInt64.init) ?? 100
    return ms * 1_000_000
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = setUp
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let sfn = Interpreter()
    sfn.output = { _ in }
    sfn.allowsFileAccess = false
    running.withLock { $0 = (sfn.cancellation, DispatchTime(uptimeNanoseconds: DispatchTime.now().uptimeNanoseconds + budget)) }
    defer { running.withLock { $0 = (nil, .distantFuture) } }
    _ = try? sfn.run(source, name: "<fuzz>")
    return 0
}
