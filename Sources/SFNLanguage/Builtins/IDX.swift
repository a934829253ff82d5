// Real image data sets (issue 19): idx reads MNIST's IDX files, plain or gzip-compressed
// (IDXFile.swift, ByteSource.swift), into a dataset or a tensor, optionally reduced to k×k images
// (AreaDownsample.swift); exists lets a script look for such files before it reads them.
import Foundation
import SFNNumerics
import SFNSyntax

extension Builtins {
    static var idxFiles: [Builtin] { [
        Builtin("idx", summary: "an IDX file (MNIST's format), plain or gzip: with labels=, a dataset x, y, n; else its tensor",
                help: """
                    IDX is the format of MNIST, Fashion-MNIST, EMNIST and KMNIST: a magic number, the extents,
                    then big-endian values of one type (u8, i8, i16, i32, f32 or f64). gzip data (a .gz file) is
                    recognised by its content and decompressed while it is read. A relative path is looked up
                    next to the running script, then in the working directory.
                    With labels= (a 1-dimensional IDX file, one label per image) the result is a dataset:
                      x: n×d, one row per image, its pixels row by row; u8 pixels are divided by 255, so they
                         lie in [0, 1]; other types are kept as stored,
                      y: the labels one-hot, n×K (label c sets column c+1; K is the file's largest label + 1),
                         as digits() gives them; with onehot=false the vector of labels 0 … K−1,
                      n: the number of rows.
                    Without labels the result is the file's tensor, shaped as the file says (60000×28×28 for
                    MNIST's training images), values as stored.
                    n=1000 takes the first 1000 images (and labels); the rest of the file is not read.
                    downsample=k reduces each h×w image to k×k by area averaging: every new pixel is the mean
                    of the area it covers, pixels it covers in part weighted by the fraction covered (a box
                    filter), as Dauphin et al. (2014) reduced MNIST to 10×10. Then d = k².
                    F = "/usr/share/datasets/fashion-mnist/"
                    D = idx(string(F, "train-images-idx3-ubyte.gz"), labels=string(F, "train-labels-idx1-ubyte.gz"),
                            downsample=10, n=1000)
                    Fashion-MNIST (Zalando Research, MIT licence) is not shipped with sfn: on Debian or Ubuntu
                    sudo apt-get install dataset-fashion-mnist puts it in that folder; elsewhere download it
                    from https://github.com/zalandoresearch/fashion-mnist.
                    """,
                parameters: [.required("file"), .named("labels"), .named("n", shown: "all", accepts: .whole(1...Int.max)),
                             .named("downsample", shown: "none", accepts: .whole(1...100_000)), .named("onehot", .bool(true))]) { args in
            try readIDX(args)
        },
        Builtin("exists", summary: "whether a file or folder exists at the path (looked up as data files are)",
                help: """
                    A relative path is looked up next to the running script, then in the working directory, as
                    load, chars and idx look it up. A script can test for a data set before it reads it:
                    if not exists("train-images-idx3-ubyte.gz") { print("download it first") }
                    """,
                parameters: [.required("path")]) { args in
            let file = try args.string("path")
            guard args.context.allowsFileAccess else { throw args.error("file access is turned off", at: "path") }
            return .bool(FileManager.default.fileExists(atPath: dataPath(file, from: args.location.file)))
        },
    ] }

    private static func readIDX(_ args: Arguments) throws -> Value {
        let file = try args.string("file")
        var images = try openIDX(args, "file")
        let count = try args.optionalInt("n") ?? images.items
        guard count <= images.items else {
            throw args.error("n = \(count), but '\(file)' has \(images.items) items (\(images.declared))", at: "n")
        }
        var down: AreaDownsample? = nil
        if let k = try args.optionalInt("downsample") {
            guard images.shape.count == 3 else {
                throw args.error("downsample= reduces images, so each item of the file must be 2-dimensional; '\(file)' holds \(images.declared)",
                                 at: "downsample")
            }
            let (h, w) = (images.shape[1], images.shape[2])
            guard k <= min(h, w) else {
                throw args.error("downsample = \(k) would enlarge the \(h)×\(w) images of '\(file)'; it must be at most \(min(h, w))", at: "downsample")
            }
            down = AreaDownsample(height: h, width: w, to: k)
        }
        let width = down.map { $0.size * $0.size } ?? images.itemElements
        try ValueLimits.check(Double(count) * Double(width), .tensor, "idx: '\(file)'",
                              detail: " (\(count) items of \(width))", at: args.location(of: "file"))
        var x = [Double](repeating: 0, count: count * width)
        var item: [Double] = []
        try located(args, "file", file) {
            for i in 0..<count {
                try images.readItem(into: &item)
                if let down { down.apply(item, into: &x, at: i * width) }
                else { for j in 0..<width { x[i * width + j] = item[j] } }
            }
            if count == images.items { try images.expectEnd() }
        }
        let itemShape = down.map { [$0.size, $0.size] } ?? Array(images.shape.dropFirst())
        guard args.has("labels") else {
            if args.has("onehot") { throw args.error("onehot= applies to the labels; give them with labels=", at: "onehot") }
            return .tensor(Tensor(shape: [count] + itemShape, scalars: x))
        }
        if images.type == .u8 { for i in x.indices { x[i] /= 255 } }
        let y = try readLabels(args, count: count, images: images.items, imagesFile: file)
        return dataset(x: Tensor(shape: [count, width], scalars: x), y: y)
    }

    /// The first `count` labels of the file in `labels=`, one-hot or as a vector (`onehot=`).
    private static func readLabels(_ args: Arguments, count: Int, images: Int, imagesFile: String) throws -> Tensor {
        let file = try args.string("labels")
        var reader = try openIDX(args, "labels")
        guard reader.shape.count == 1 else {
            throw args.error("a labels file holds one number per image (1-dimensional IDX); '\(file)' holds \(reader.declared)", at: "labels")
        }
        guard reader.items == images else {
            throw args.error("'\(file)' has \(reader.items) labels, but '\(imagesFile)' has \(images) images", at: "labels")
        }
        // All of them (one number per image: small), for the number of classes K; the header's
        // count is checked before it is allocated, since n= may have kept the images small.
        try ValueLimits.check(Double(reader.items), .tensor, "idx: the labels of '\(file)'", at: args.location(of: "labels"))
        var labels = [Double](repeating: 0, count: reader.items), one: [Double] = []
        try located(args, "labels", file) {
            for i in 0..<reader.items { try reader.readItem(into: &one); labels[i] = one[0] }
            try reader.expectEnd()
        }
        guard try args.bool("onehot") else { return Tensor(Array(labels[..<count])) }
        for (i, l) in labels.enumerated() where !(l == l.rounded() && l >= 0 && l < 100_000) {
            throw args.error("onehot=true needs labels 0, 1, 2, …; label \(i + 1) of '\(file)' is \(ValueDisplay.number(l))", at: "labels")
        }
        let k = Int(labels.max() ?? 0) + 1
        try ValueLimits.check(Double(count) * Double(k), .tensor, "idx: the one-hot labels", detail: " (\(count) × \(k) classes)",
                              at: args.location(of: "labels"))
        var y = [Double](repeating: 0, count: count * k)
        for r in 0..<count { y[r * k + Int(labels[r])] = 1 }
        return Tensor(shape: [count, k], scalars: y)
    }

    /// The IDX file named by argument `parameter`, its header read.
    private static func openIDX(_ args: Arguments, _ parameter: String) throws -> IDXReader {
        let file = try args.string(parameter)
        let path = dataPath(file, from: args.location.file)
        let bytes: [UInt8]
        do { bytes = try args.context.readFile(path) } catch {
            throw args.error("cannot read file '\(file)'" + (path == file ? "" : " (looked for \(path))") + ": \(error)", at: parameter)
        }
        return try located(args, parameter, file) { try IDXReader(ByteSources.open(bytes)) }
    }

    /// `body`, its failure to decode the file an error located at the argument that names it.
    private static func located<T>(_ args: Arguments, _ parameter: String, _ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as DataFileFailure {
            throw args.error("'\(file)' \(failure)", at: parameter)
        }
    }
}
