import Foundation
import Testing

/// docs/language.md, the copy of the language contract that ships with the repository (and that
/// the README links), is the contract beside the repository, word for word. The contract lives
/// in ../shared/spec/LANGUAGE.md where the project's machines lay it out; elsewhere (a clone on
/// its own) there is nothing to compare, and the test says so instead of passing silently.
@Suite struct LanguageReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contract = root.deletingLastPathComponent().appendingPathComponent("shared/spec/LANGUAGE.md")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: contract.path),
                   "the contract ../shared/spec/LANGUAGE.md is not beside this clone"))
    func shippedCopyMatchesTheContract() throws {
        let spec = try String(contentsOf: Self.contract, encoding: .utf8)
        let copy = try String(contentsOf: Self.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        // The copy is one comment line, a blank line, then the contract unchanged.
        let body = copy.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        #expect(body.count == 3 && body[0].hasPrefix("<!--") && body[1].isEmpty)
        #expect(body.count == 3 && String(body[2]) == spec,
                "docs/language.md differs from ../shared/spec/LANGUAGE.md: run scripts/sync-language.sh")
    }
}
