// sfn: run a script, a snippet, or the REPL.
//
//   sfn                 the REPL (GNU readline; history in ~/.sfn_history)
//   sfn file.sfn        run a script (any readable file: a pipe, /dev/stdin)
//   sfn -               run the script on standard input
//   sfn -e 'source'     run a snippet
//   sfn -i file.sfn     run a script, then the REPL with its bindings
//   sfn --machine       JSON requests and replies for a front end (docs/kernel.md)
//   sfn --help | --version
//
// Exit status: 0 when the script ran to its end; 1 on any error or failed assert; 2 on bad
// command-line usage.
import Foundation
import SFNLanguage
import SFNSyntax

let sfnVersion = "0.1.0"

let usage = """
    usage: sfn [file.sfn | - | -e 'source' | -i file.sfn] [--help] [--version]

      sfn               start the REPL (:help inside it lists the built-ins)
      sfn file.sfn      run a script; it stops at its first error (exit status 1);
                        any readable file will do, e.g. sfn <(generate-script)
      sfn -             run the script read from standard input (to its end)
      sfn -e 'source'   run a snippet
      sfn -i file.sfn   run a script, then stay at the prompt with its bindings
      sfn --machine     JSON lines for a front end such as the Jupyter kernel (docs/kernel.md)
      --help, -h        show this help
      --version         show the version

    Environment: SFN_THREADS (else OPENBLAS_NUM_THREADS or OMP_NUM_THREADS) sets the most
    threads a large matrix product, eigensolve or Hessian batch may use; the default is the
    CPUs the process may run on (its affinity mask: `taskset -c 0 sfn` uses one).
    """

func makeInterpreter() -> Interpreter {
    let interpreter = Interpreter()
    Terminal.fit(interpreter)
    return interpreter
}

/// Runs source through a fresh interpreter; prints an error the way the contract says.
func runProgram(_ body: (Interpreter) throws -> Void) -> Int32 {
    let interpreter = makeInterpreter()
    do {
        try body(interpreter)
        return 0
    } catch let e as SFNError {
        printError(e.render())
    } catch {
        printError("sfn: error: \(error)")
    }
    return 1
}

func installInterruptHandler() {
    // Started with SIGINT blocked (a blocked signal survives exec: some launchers and test
    // runners do it), Ctrl-C would never arrive.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    signal(SIGINT) { _ in
        sigintReceived.store(true, ordering: .relaxed)
        if newlineOnInterrupt.load(ordering: .relaxed) {
            _ = "\n".withCString { write(STDOUT_FILENO, $0, 1) }  // write(2) is safe in a handler
        }
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil:
    installInterruptHandler()
    let repl = REPL(interpreter: makeInterpreter())
    repl.run()
    exit(repl.editor.interactive || !repl.hadError ? 0 : 1)
case "-i":
    // Python's and Julia's -i: the script runs at the prompt (its values displayed as there, an
    // error reported without leaving), then the prompt stays with its bindings.
    guard arguments.count == 2 else {
        printError(arguments.count < 2 ? "sfn: -i needs a script\n" + usage : "sfn: one script after -i\n" + usage)
        exit(2)
    }
    installInterruptHandler()
    let repl = REPL(interpreter: makeInterpreter())
    repl.report { try repl.interpreter.runFile(path: arguments[1]) }
    repl.run()
    exit(repl.editor.interactive || !repl.hadError ? 0 : 1)
case "--machine":
    installInterruptHandler()
    exit(Machine().run())
case "--help", "-h":
    print(usage)
    exit(0)
case "--version":
    print("sfn \(sfnVersion)")
    exit(0)
case "-e":
    guard arguments.count == 2 else {
        printError(arguments.count < 2 ? "sfn: -e needs source text\n" + usage : "sfn: unexpected arguments after -e 'source'\n" + usage)
        exit(2)
    }
    // Scripts and snippets keep the default SIGINT: Ctrl-C ends them (the REPL instead
    // interrupts the running command and carries on).
    exit(runProgram { _ = try $0.run(arguments[1], name: "<-e>") })
case "-":
    guard arguments.count == 1 else {
        printError("sfn: one script at a time\n" + usage)
        exit(2)
    }
    exit(runProgram { _ = try $0.runStandardInput() })
case let option? where option.hasPrefix("-"):
    printError("sfn: unknown option '\(option)'\n" + usage)
    exit(2)
case let path?:
    guard arguments.count == 1 else {
        printError("sfn: one script at a time\n" + usage)
        exit(2)
    }
    exit(runProgram { _ = try $0.runFile(path: path) })
}
