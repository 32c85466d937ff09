import Foundation

/// Recognises a reading with a decoder built for its passage, then aligns the words
/// heard phone by phone and decodes the same audio with a free phone loop for the
/// goodness-of-pronunciation check. One per worker thread; a new passage swaps the
/// dictionary and language model but keeps the acoustic model loaded.
public final class Recognizer {
    public let model: SpeechModel
    private var passageDecoder: Decoder?
    private var passageKey: String?
    private var phoneDecoder: Decoder?
    private let scratch: URL

    /// The context-independent phones of the acoustic model, each a one-phone "word"
    /// of the alignment decoder's dictionary.
    static let phoneSet = ["AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH",
                           "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH",
                           "UH", "UW", "V", "W", "Y", "Z", "ZH"]

    public init(model: SpeechModel) throws {
        self.model = model
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-asr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: scratch) }

    private var commonArguments: [String] {
        ["-hmm", model.acousticModel, "-samprate", "16000", "-remove_silence", "no", "-logfn", "/dev/null"]
    }

    /// Words heard, with timings, acoustic scores and posteriors (fillers included).
    public func recognize(_ pcm: [Int16], passage: PassageModel) throws -> [Segment] {
        let key = passage.arpa
        if passageKey != key || passageDecoder == nil {
            let dict = scratch.appendingPathComponent("passage.dict")
            let lm = scratch.appendingPathComponent("passage.arpa")
            try passage.dictionaryText.write(to: dict, atomically: false, encoding: .utf8)
            try passage.arpa.write(to: lm, atomically: false, encoding: .utf8)
            if let decoder = passageDecoder {
                try decoder.switchPassage(dictionary: dict.path, languageModel: lm.path)
            } else {
                // -ds 2 (Gaussians scored on every other frame) costs ~30 % less; measured:
                // the clean-reading and planted-miscue tests hold with it, but not with
                // -topn 2 or narrower beams (3-8 spurious miscues per clean reading).
                // -maxwpf 15 (at most 15 distinct words may end in a frame) makes the
                // lattice behind the posteriors smaller: ~5 % less passage search, the
                // same miscues and scores within a point on the example readings.
                // -pl_window 3 (phone lookahead of 3 frames instead of 5): 1.9 % fewer
                // instructions, the same report on the example clip, and so762's
                // cross-validated correlations within +-0.006 of the 5-frame window's;
                // windows of 2 and 1 cost 0.01-0.02 of pronunciation correlation.
                passageDecoder = try Decoder(arguments: commonArguments + ["-dict", dict.path, "-lm", lm.path,
                                                                          "-fwdflat", "no", "-bestpath", "yes", "-ds", "2", "-maxwpf", "15",
                                                                          "-pl_window", "3"],
                                             acousticScale: 1, posteriors: true)
            }
            passageKey = key
        }
        return try passageDecoder!.decode(pcm)
    }

    /// Phone-level evidence for the words heard: a forced alignment of their phones
    /// (a linear grammar of one-phone words, silence allowed between any two) and a free
    /// context-independent phone loop (every phone equally likely: the usual GOP
    /// denominator) over the same audio. Both run stretch by stretch (`PhoneChunks`),
    /// report scores on the same (grammar/allphone) scale, and come back in the
    /// recording's frames, so they can be subtracted frame by frame. `forced[k]` is the
    /// alignment of `chunks[k]`, so a stretch that fails to align costs only its words.
    public func phoneEvidence(_ pcm: [Int16], words: [WordSpan]) throws -> (forced: [[Segment]], loop: [Segment], chunks: [PhoneChunk]) {
        let decoder = try phoneDecoderReady()
        var forced: [[Segment]] = [], loop: [Segment] = []
        let chunks = PhoneChunks.plan(words, totalFrames: pcm.count / 160)
        for chunk in chunks {
            let audio = Array(pcm[(chunk.frames.lowerBound * 160)..<min(pcm.count, chunk.frames.upperBound * 160)])
            let cepstra = try decoder.cepstra(audio)
            try decoder.use(search: "loop")
            loop += try decoder.decode(cepstra).map { $0.shifted(by: chunk.frames.lowerBound) }
            let phones = words[chunk.words].flatMap(\.phones)
            guard !phones.isEmpty else { forced.append([]); continue }
            let body = phones.map { "p_" + $0.lowercased() }.joined(separator: " ")
            try decoder.useGrammar("align", jsgf: "#JSGF V1.0;\ngrammar align;\npublic <utterance> = \(body);\n")
            forced.append(try decoder.decode(cepstra).map { $0.shifted(by: chunk.frames.lowerBound) })
        }
        return (forced, loop, chunks)
    }

    func phoneDecoderReady() throws -> Decoder {
        if let phoneDecoder { return phoneDecoder }
        let dict = scratch.appendingPathComponent("phones.dict")
        try Recognizer.phoneSet.map { "p_\($0.lowercased()) \($0)\n" }.joined()
            .write(to: dict, atomically: false, encoding: .utf8)
        // -ds 3: Gaussians are scored on every third frame; the phone searches only need
        // a score per phone, and this cuts their cost by two thirds (the planted
        // mispronunciation is still caught).
        let weight = 2.0
        let decoder = try Decoder(arguments: commonArguments + ["-dict", dict.path, "-allphone_ci", "yes", "-lw", String(weight),
                                                               "-bestpath", "no", "-ds", "3"],
                                  acousticScale: 1, posteriors: false)
        // Every phone (and silence) equally likely, the usual GOP denominator: the cost per
        // phone is what the flat unigram model this replaced charged (1/41 for 39 phones,
        // silence and end of utterance, at -lw 2, times the default -wip 0.65): the same
        // decodes, to the last score.
        let penalty = (1.0 / 41) * pow(0.65, 1 / weight)
        try decoder.addPhoneLoop("loop", insertionPenalty: penalty, languageWeight: weight)
        phoneDecoder = decoder
        return decoder
    }
}
