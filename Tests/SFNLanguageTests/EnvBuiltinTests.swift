import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// `env(name, default="")`: an environment variable's value as a string.
@Suite struct EnvBuiltinTests {
    /// The string a program ends with (nil if it ends with another kind of value).
    private func text(_ source: String) throws -> String? {
        if case .string(let s) = try sfn(source).value { return s }
        return nil
    }

    @Test func readsASetVariable() throws {
        setenv("SFN_ENV_TEST_SET", "hello world", 1)
        #expect(try text(#"env("SFN_ENV_TEST_SET")"#) == "hello world")
        #expect(try text(#"env("SFN_ENV_TEST_SET", default="x")"#) == "hello world")
        #expect(try number(#"if env("SFN_ENV_TEST_SET") != "" then 1 else 2"#) == 1)
    }

    @Test func anUnsetVariableGivesTheDefault() throws {
        unsetenv("SFN_ENV_TEST_UNSET")
        #expect(try text(#"env("SFN_ENV_TEST_UNSET")"#) == "")
        #expect(try text(#"env("SFN_ENV_TEST_UNSET", default="fallback")"#) == "fallback")
        #expect(try text(#"env("SFN_ENV_TEST_UNSET", "positional")"#) == "positional")
        #expect(try number(#"quick = env("SFN_ENV_TEST_UNSET") != ""; if quick then 1 else 2"#) == 2)
    }

    @Test func anEmptyValueIsNotTheDefault() throws {
        setenv("SFN_ENV_TEST_EMPTY", "", 1)
        #expect(try text(#"env("SFN_ENV_TEST_EMPTY", default="d")"#) == "")
    }

    @Test func badArgumentsAreErrors() {
        #expect(failure("env(3)")?.message.contains("must be a string") == true)
        #expect(failure(#"env("")"#) != nil)
        #expect(failure(#"env("A=B")"#) != nil)
        #expect(failure(#"env("HOME", default=1)"#) != nil)
        #expect(failure("env()") != nil)
    }

    @Test func hasHelp() throws {
        let b = try #require(BuiltinRegistry.core["env"])
        #expect(b.signature == #"env(name, default="")"#)
        #expect(b.help.contains("SFN_QUICK"))
    }
}
