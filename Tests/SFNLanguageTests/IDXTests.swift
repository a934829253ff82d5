// idx(file, labels=, n=, downsample=, onehot=) and exists(path) (issue 19, item 4): MNIST's IDX
// format, plain and gzip, every element type, located errors for files that are not IDX or are cut
// short, and the box filter against hand-computed values.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNNumerics
@testable import SFNSyntax

@Suite struct IDXTests {
    /// An IDX file: magic 00 00 type rank, big-endian extents, then `payload` (already big-endian).
    static func idx(_ type: UInt8, _ shape: [Int], _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for d in shape { bytes += withUnsafeBytes(of: UInt32(d).bigEndian, Array.init) }
        return bytes + payload
    }

    static func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// `gzip -n -c file > file.gz` with the system's gzip (the format's reference implementation).
    static func gzip(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -n -c \"$1\" > \"$1.gz\"", "sh", path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return path + ".gz"
    }

    static func value(_ source: String) throws -> Value {
        let sfn = Interpreter()
        sfn.output = { _ in }
        return try sfn.run(source, name: "t.sfn")
    }

    static func tensor(_ source: String) throws -> Tensor {
        guard case .tensor(let t) = try value(source) else { throw SFNError("not a tensor", at: SourceLocation(file: "", line: 0, column: 0)) }
        return t
    }

    static func isTrue(_ v: Value) -> Bool { if case .bool(true) = v { return true }; return false }

    static func error(_ source: String) -> SFNError? {
        do { _ = try value(source); return nil } catch let e as SFNError { return e } catch { return nil }
    }

    // ---- every element type, plain and gzip -------------------------------------------------------------

    /// (type byte, big-endian payload, the values it holds): three elements each, extremes included.
    static let typed: [(UInt8, [UInt8], [Double])] = {
        func be<T: FixedWidthInteger>(_ xs: [T]) -> [UInt8] { xs.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) } }
        let f32: [Float] = [-1.5, 0.1, .infinity], f64: [Double] = [-0.0, 1.0 / 3, 1e300]
        return [
            (0x08, [0, 1, 255], [0, 1, 255]),
            (0x09, be([Int8.min, -1, Int8.max]), [-128, -1, 127]),
            (0x0B, be([Int16.min, 258, Int16.max]), [-32768, 258, 32767]),
            (0x0C, be([Int32.min, 16_909_060, Int32.max]), [-2_147_483_648, 16_909_060, 2_147_483_647]),
            (0x0D, be(f32.map(\.bitPattern)), f32.map(Double.init)),
            (0x0E, be(f64.map(\.bitPattern)), f64),
        ]
    }()

    @Test(arguments: 0..<6, [false, true])
    func everyElementTypeReadsExactly(_ index: Int, _ compressed: Bool) throws {
        let (type, payload, values) = Self.typed[index]
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var path = try Self.write(Self.idx(type, [3], payload), "v.idx", in: dir)
        if compressed { path = try Self.gzip(path) }
        let t = try Self.tensor("idx(\"\(path)\")")
        #expect(t.shape == [3])
        #expect(t.scalars.map(\.bitPattern) == values.map(\.bitPattern), "type \(type): \(t.scalars)")
    }

    @Test func aTensorKeepsTheFilesShapeAndNTakesTheFirstItems() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.gzip(try Self.write(Self.idx(0x08, [3, 2, 4], (0..<24).map(UInt8.init)), "i.idx", in: dir))
        let all = try Self.tensor("idx(\"\(path)\")")
        #expect(all.shape == [3, 2, 4] && all.scalars == (0..<24).map(Double.init))
        let two = try Self.tensor("idx(\"\(path)\", n=2)")
        #expect(two.shape == [2, 2, 4] && two.scalars == (0..<16).map(Double.init))
        #expect(Self.error("idx(\"\(path)\", n=4)")?.message.contains("has 3 items (3×2×4 u8)") == true)
    }

    /// gzip allows several members in one file (`cat a.gz b.gz`); gunzip reads their concatenation.
    @Test func aGzipFileOfTwoMembersReadsAsOne() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = Self.idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6])
        let a = try Data(contentsOf: URL(fileURLWithPath: Self.gzip(Self.write(Array(whole[..<13]), "a", in: dir))))
        let b = try Data(contentsOf: URL(fileURLWithPath: Self.gzip(Self.write(Array(whole[13...]), "b", in: dir))))
        let path = try Self.write(Array(a + b), "ab.gz", in: dir)
        #expect(try Self.tensor("idx(\"\(path)\")").scalars == [1, 2, 3, 4, 5, 6])
    }

    // ---- datasets -------------------------------------------------------------------------------------

    @Test func imagesAndLabelsMakeADataset() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = try Self.gzip(Self.write(Self.idx(0x08, [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8]), "img", in: dir))
        let labels = try Self.write(Self.idx(0x08, [3], [2, 0, 1]), "lab", in: dir)
        let call = "idx(\"\(images)\", labels=\"\(labels)\""
        guard case .record(let d) = try Self.value(call + ")"), case .tensor(let x)? = d["x"], case .tensor(let y)? = d["y"] else {
            Issue.record("not a dataset"); return
        }
        #expect(d.typeName == "dataset" && d["n"]?.number == 3)
        #expect(x.shape == [3, 4] && Array(x.scalars[..<4]) == [0, 1, 0.2, 0.4])   // u8 / 255, row by row
        #expect(y.shape == [3, 3] && y.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])     // one-hot, as digits()
        // The first rows; the number of classes still comes from every label in the file.
        let first = try Self.value(call + ", n=2, onehot=true)")
        guard case .record(let f) = first, case .tensor(let y2)? = f["y"] else { Issue.record("not a dataset"); return }
        #expect(y2.shape == [2, 3] && f["n"]?.number == 2)
        #expect(try Self.tensor(call + ", onehot=false).y").scalars == [2, 0, 1])
        // A network trains on it as on digits().
        let loss = try Self.value("D = \(call))\nnet = mlp([4, 3, 3])\nloss(w, b) = crossentropy(net(w, b.x), b.y)\n"
                                  + "r = sfn(loss, init(net), data=D, steps=5, quiet=true)\nr.f < loss(init(net), D)")
        #expect(Self.isTrue(loss))
    }

    @Test func mismatchedOrMisusedLabelsAreLocatedErrors() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = try Self.write(Self.idx(0x08, [3, 2, 2], [UInt8](repeating: 7, count: 12)), "img", in: dir)
        let two = try Self.write(Self.idx(0x08, [2], [1, 0]), "two", in: dir)
        let square = try Self.write(Self.idx(0x08, [3, 1], [1, 0, 1]), "square", in: dir)
        let negative = try Self.write(Self.idx(0x09, [3], [1, 0, 255]), "negative", in: dir)
        let source = "D = idx(\"\(images)\", labels=\"\(two)\")"
        let e = Self.error(source)
        #expect(e?.message == "idx: '\(two)' has 2 labels, but '\(images)' has 3 images")
        #expect(e?.location.column == source.distance(from: source.startIndex, to: source.range(of: "labels=")!.lowerBound) + 1)
        #expect(Self.error("idx(\"\(images)\", labels=\"\(square)\")")?.message.contains("one number per image") == true)
        #expect(Self.error("idx(\"\(images)\", labels=\"\(negative)\")")?.message.contains("label 3 of '\(negative)' is -1") == true)
        #expect(Self.error("idx(\"\(images)\", onehot=false)")?.message.contains("give them with labels=") == true)
    }

    // ---- downsampling ---------------------------------------------------------------------------------

    /// 3×3 → 2×2: each new pixel covers 1.5×1.5 old ones. The top-left one takes pixel (1,1)
    /// whole, (1,2) and (2,1) half, (2,2) a quarter: (1 + 0.5·2 + 0.5·4 + 0.25·5) / 2.25 = 7/3.
    @Test func aNonIntegerRatioAveragesByFractionalCoverage() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(Self.idx(0x08, [1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]), "i", in: dir)
        let t = try Self.tensor("idx(\"\(path)\", downsample=2)")
        #expect(t.shape == [1, 2, 2])
        for (got, want) in zip(t.scalars, [7.0 / 3, 11.0 / 3, 19.0 / 3, 23.0 / 3]) { #expect(abs(got - want) < 1e-14, "\(t.scalars)") }
        // An integer ratio is the plain block mean; a non-square image is reduced along each axis.
        let wide = try Self.write(Self.idx(0x08, [1, 2, 4], [1, 3, 5, 7, 9, 11, 13, 15]), "w", in: dir)
        #expect(try Self.tensor("idx(\"\(wide)\", downsample=2)").scalars == [2, 6, 10, 14])
        #expect(try Self.tensor("idx(\"\(wide)\", downsample=1)").scalars == [8])
    }

    /// Every source pixel gives the same total weight, so 28 → 10 keeps an image's mean.
    @Test func twentyEightToTenKeepsTheMean() {
        let image = (0..<784).map { Double(($0 * 7919) % 256) }
        let down = AreaDownsample(height: 28, width: 28, to: 10)
        var out = [Double](repeating: 0, count: 100)
        down.apply(image, into: &out, at: 0)
        let meanOut: Double = out.reduce(0, +) / 100, meanIn: Double = image.reduce(0, +) / 784
        #expect(abs(meanOut - meanIn) < 1e-12)
        for row in AreaDownsample.weights(28, 10) {
            let total: Double = row.map(\.weight).reduce(0, +)
            #expect(total == 1)
        }
    }

    @Test func downsampleNeedsImagesItCanReduce() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let flat = try Self.write(Self.idx(0x08, [4], [1, 2, 3, 4]), "f", in: dir)
        let small = try Self.write(Self.idx(0x08, [1, 2, 2], [1, 2, 3, 4]), "s", in: dir)
        #expect(Self.error("idx(\"\(flat)\", downsample=1)")?.message.contains("2-dimensional") == true)
        #expect(Self.error("idx(\"\(small)\", downsample=3)")?.message.contains("at most 2") == true)
        #expect(Self.error("idx(\"\(small)\", downsample=0)") != nil)
    }

    // ---- files that are not IDX, or are cut short: located errors -------------------------------------

    /// The message for the file and where the error points: at the argument that names the file.
    func located(_ bytes: [UInt8], compressed: Bool = false, call: (String) -> String = { "x = idx(\"\($0)\")" }) throws -> String? {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var path = try Self.write(bytes, "bad", in: dir)
        if compressed { path = try Self.gzip(path) }
        let source = call(path)
        guard let e = Self.error(source) else { return nil }
        #expect(e.location.line == 1 && e.location.column == 9, "\(e.location)")
        #expect(e.message.hasPrefix("idx: '\(path)' "), "\(e.message)")
        return e.message.replacingOccurrences(of: "idx: '\(path)' ", with: "")
    }

    @Test func badMagicIsALocatedError() throws {
        #expect(try located(Array("label,x\n1,2\n".utf8))?.hasPrefix("is not an IDX file: it starts with the bytes 6c 61 62 65") == true)
        #expect(try located(Array("label,x\n1,2\n".utf8), compressed: true)?.hasPrefix("is not an IDX file") == true)
        #expect(try located([0, 0, 0x0A, 1, 0, 0, 0, 0])?.contains("its element type 0x0a is none of 0x08 (u8)") == true)
        #expect(try located([0, 0, 8, 0])?.contains("0 dimensions") == true)
        #expect(try located([])?.hasPrefix("is empty") == true)
        #expect(try located([0, 0])?.contains("only 2 bytes") == true)
    }

    @Test func truncatedFilesAreLocatedErrors() throws {
        let full = Self.idx(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try located(Array(full[..<10])) == "is truncated: it ends in its header, after 10 bytes (a 3-dimensional IDX header has 16)")
        #expect(try located(Array(full[..<21])) == "is truncated: its header declares 2×2×2 u8 values (8 bytes after the 16-byte header), but it ends after 5 of them, in item 2")
        #expect(try located(full + [9])?.hasPrefix("has more data than its header declares") == true)
        #expect(try located(Array(full[..<21]), compressed: true)?.contains("ends after 5 of them") == true)
    }

    @Test func corruptOrTruncatedGzipIsALocatedError() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.gzip(Self.write(Self.idx(0x08, [64], (0..<64).map(UInt8.init)), "g", in: dir)))))
        // Without its 8-byte trailer (CRC-32 and length) and further into the deflate data.
        #expect(try located(Array(gz.dropLast(8)))?.hasPrefix("is truncated: its gzip data ends early") == true)
        #expect(try located(Array(gz.dropLast(30)))?.hasPrefix("is truncated") == true)
        // A wrong checksum, a broken deflate block, garbage after the end.
        var crc = gz; crc[crc.count - 8] ^= 0xFF
        #expect(try located(crc)?.hasPrefix("is not valid gzip data: incorrect data check") == true)
        var block = gz; block[10] = 0xFF
        #expect(try located(block)?.hasPrefix("is not valid gzip data") == true)
        #expect(try located(gz + [1, 2, 3])?.contains("3 bytes that are not gzip data follow its end") == true)
    }

    @Test func aHeaderPastTheLimitsIsRefusedBeforeAllocating() throws {
        // 100000 images of 1000×1000 (1e11 elements), with no data: refused from the header alone.
        let big = try located(Self.idx(0x08, [100_000, 1000, 1000], []))
        #expect(big?.contains("more than the limit of 1e8") == true, "\(big ?? "")")
        let huge = try located(Self.idx(0x08, [1, 4_000_000_000, 4_000_000_000, 4_000_000_000], []))
        #expect(huge?.contains("more than the limit of 1e8 for a tensor") == true, "\(huge ?? "")")
        // n= keeps the images small; the labels' header is checked before they are read whole.
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(Self.idx(0x08, [400_000_000], [0]), "many", in: dir)
        let many = Self.error("D = idx(\"\(path)\", labels=\"\(path)\", n=1)")
        #expect(many?.message == "idx: the labels of '\(path)' would have 400000000 elements, more than the limit of 1e8", "\(many?.message ?? "")")
    }

    // ---- missing files, exists ------------------------------------------------------------------------

    @Test func aMissingFileIsNamed() throws {
        let e = Self.error("x = idx(\"no-such-images.gz\")")
        #expect(e?.message.hasPrefix("idx: cannot read file 'no-such-images.gz'") == true, "\(e?.message ?? "")")
        #expect(e?.message.contains("No such file or directory") == true)
        #expect(e?.location.column == 9)
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = try Self.write(Self.idx(0x08, [1, 1, 1], [0]), "img", in: dir)
        #expect(Self.error("idx(\"\(images)\", labels=\"nolabels\")")?.message.contains("cannot read file 'nolabels'") == true)
    }

    @Test(.enabled(if: CLI.available, "no built sfn executable"))
    func theCommandLineNamesAMissingFile() throws {
        let r = try CLI.run(["-e", "D = idx(\"train-images-idx3-ubyte.gz\", n=10)"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("<-e>:1:9: error: idx: cannot read file 'train-images-idx3-ubyte.gz'"), "\(r.stderr)")
    }

    @Test func existsLooksForFiles() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write([1], "here", in: dir)
        #expect(Self.isTrue(try Self.value("exists(\"\(path)\")")))
        #expect(Self.isTrue(try Self.value("exists(\"\(dir.path)\")")))
        #expect(Self.isTrue(try Self.value("not exists(\"\(path)-not\")")))
        // Next to the running script, as data files are looked up.
        let script = try Conf.write("exists(\"here\")\n", to: "s.sfn", in: dir)
        let sfn = Interpreter()
        #expect(Self.isTrue(try sfn.runFile(path: script)))
        let closed = Interpreter()
        closed.allowsFileAccess = false
        #expect(failure("exists(\"\(path)\")", closed)?.message.contains("file access is turned off") == true)
    }

    /// The Fashion-MNIST example (which the test suite does not run: ExampleTests.notRun), without
    /// its data: it says how to get them and ends normally. Its whole text is parsed on the way.
    @Test func theFashionExampleSaysHowToGetTheData() throws {
        setenv("SFN_FASHION_MNIST", "/nonexistent/sfn-fashion-mnist", 1)   // read by that example only
        let sfn = Interpreter()
        var printed = ""
        sfn.output = { printed += $0 }
        _ = try sfn.runFile(path: ExampleTests.root.appendingPathComponent("examples/figure3_fashion_sizes.sfn").path)
        #expect(printed.contains("not in /nonexistent/sfn-fashion-mnist"), "\(printed)")
        #expect(printed.contains("sudo apt-get install dataset-fashion-mnist"))
        #expect(printed.contains("https://github.com/zalandoresearch/fashion-mnist"))
    }

    // ---- the real Fashion-MNIST, when installed (dataset-fashion-mnist) ---------------------------------

    static let fashion = "/usr/share/datasets/fashion-mnist/"
    static var fashionInstalled: Bool { FileManager.default.fileExists(atPath: fashion + "t10k-labels-idx1-ubyte.gz") }

    @Test(.enabled(if: fashionInstalled, "Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist)"))
    func fashionMNISTReads() throws {
        let F = Self.fashion
        // The whole test set (each file read to its end, so its gzip checksums are checked).
        let test = try Self.value("idx(\"\(F)t10k-images-idx3-ubyte.gz\", labels=\"\(F)t10k-labels-idx1-ubyte.gz\")")
        guard case .record(let d) = test, case .tensor(let x)? = d["x"], case .tensor(let y)? = d["y"] else { Issue.record("not a dataset"); return }
        #expect(x.shape == [10000, 784] && y.shape == [10000, 10])
        #expect(x.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The mean pixel and the first labels, as Python's gzip and struct read them.
        #expect(abs(x.scalars.reduce(0, +) / Double(x.count) - 0.2868492807122849) < 1e-10)
        let first: [Int] = (0..<10).map { (r: Int) -> Int in (0..<10).first { (c: Int) -> Bool in y.scalars[r * 10 + c] == 1 } ?? -1 }
        #expect(first == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        // The training images, the first 100 reduced to 10×10 as in Dauphin et al.
        let train = try Self.tensor("idx(\"\(F)train-images-idx3-ubyte.gz\", labels=\"\(F)train-labels-idx1-ubyte.gz\", downsample=10, n=100, onehot=false).y")
        #expect(Array(train.scalars[..<12]) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9])
        let small = try Self.tensor("idx(\"\(F)train-images-idx3-ubyte.gz\", downsample=10, n=100)")
        #expect(small.shape == [100, 10, 10])
    }
}
