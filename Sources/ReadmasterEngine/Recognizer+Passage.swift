import Foundation

/// Recognises a reading with a decoder built for its passage, and decodes the same
/// audio with a free phone loop for the acoustic check. One per worker thread; the
/// passage decoder is rebuilt only when the passage changes.
public final class Recognizer {
    public let model: SpeechModel
    private var passageDecoder: Decoder?
    private var passageKey: String?
    private var phoneLoop: Decoder?
    private let scratch: URL

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
            passageDecoder = nil
            passageDecoder = try Decoder(arguments: commonArguments + ["-dict", dict.path, "-lm", lm.path,
                                                                      "-fwdflat", "no", "-bestpath", "yes"],
                                         acousticScale: 1, posteriors: true)
            passageKey = key
        }
        return try passageDecoder!.decode(pcm)
    }

    /// Context-independent phones from a free phone loop over the whole recording.
    public func phones(_ pcm: [Int16]) throws -> [Segment] {
        if phoneLoop == nil {
            let dict = scratch.appendingPathComponent("phone.dict")
            try "a AH\n".write(to: dict, atomically: false, encoding: .utf8)
            phoneLoop = try Decoder(arguments: commonArguments + ["-dict", dict.path, "-allphone", model.phoneLM,
                                                                 "-allphone_ci", "yes", "-lw", "2.0", "-bestpath", "no"],
                                    acousticScale: 1, posteriors: false)
        }
        return try phoneLoop!.decode(pcm)
    }
}
