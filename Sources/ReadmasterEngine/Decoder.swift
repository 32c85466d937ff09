import CPocketSphinx
import Foundation

/// A PocketSphinx decoder. Not thread-safe: each worker owns its own (decoders share
/// nothing; each holds its own copy of the acoustic model).
final class Decoder {
    private(set) var ps: OpaquePointer?
    private var config: OpaquePointer?
    /// Lattice (bestpath) segment scores are in log base 1.0001; segments from a search
    /// without bestpath (the phone loop) are 1024 times coarser (ENGINE-NOTES.md).
    private let acousticScale: Double
    private let posteriors: Bool
    /// The search in use (nil: the one given at start-up).
    private var current: String?
    /// Per LM-free phone loop, the score PocketSphinx took off its first phone's acoustic score.
    private var unchargedFirstPhone: [String: Double] = [:]

    init(arguments: [String], acousticScale: Double, posteriors: Bool) throws {
        self.acousticScale = acousticScale
        self.posteriors = posteriors
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        config = argv.withUnsafeMutableBufferPointer { buf in
            cmd_ln_parse_r(nil, ps_args(), Int32(buf.count), buf.baseAddress, 1)
        }
        guard let config else { throw EngineError.recognizer("bad decoder arguments: \(arguments.joined(separator: " "))") }
        ps = ps_init(config)
        guard ps != nil else {
            cmd_ln_free_r(config)
            self.config = nil
            throw EngineError.recognizer("could not start the decoder (\(arguments.joined(separator: " ")))")
        }
    }

    deinit {
        if let ps { ps_free(ps) }
        if let config { cmd_ln_free_r(config) }
    }

    /// Replaces the dictionary and language model, keeping the acoustic model loaded
    /// (re-initialising costs a model load per passage).
    func switchPassage(dictionary: String, languageModel: String) throws {
        guard let ps else { throw EngineError.recognizer("decoder is closed") }
        guard ps_load_dict(ps, dictionary, nil, nil) >= 0 else { throw EngineError.recognizer("cannot load dictionary \(dictionary)") }
        guard ps_set_lm_file(ps, "passage", languageModel) >= 0, ps_set_search(ps, "passage") >= 0 else {
            throw EngineError.recognizer("cannot load language model \(languageModel)")
        }
        current = "passage"
    }

    /// Adds (or replaces) a grammar search written in JSGF and makes it current.
    func useGrammar(_ name: String, jsgf: String) throws {
        guard let ps else { throw EngineError.recognizer("decoder is closed") }
        guard ps_set_jsgf_string(ps, name, jsgf) >= 0, ps_set_search(ps, name) >= 0 else {
            throw EngineError.recognizer("cannot build the alignment grammar")
        }
        current = name
    }

    /// Makes a search added earlier (or at start-up) current.
    func use(search name: String) throws {
        guard let ps, ps_set_search(ps, name) >= 0 else { throw EngineError.recognizer("no search named \(name)") }
        current = name
    }

    /// Adds a context-independent phone-loop search without a language model: every
    /// phone is equally likely and each costs `insertionPenalty` (as a probability).
    /// A flat unigram model gives the same decode, but PocketSphinx looks its scores up
    /// as trigrams on every phone transition (6 % of all the engine's instructions).
    func addPhoneLoop(_ name: String, insertionPenalty: Double, languageWeight: Double) throws {
        guard let ps, let config else { throw EngineError.recognizer("decoder is closed") }
        // The search reads -pip when it is built; the grammar searches built later must
        // see the default again.
        cmd_ln_set_float_r(config, "-pip", insertionPenalty)
        defer { cmd_ln_set_float_r(config, "-pip", 1) }
        guard ps_set_allphone_file(ps, name, nil) >= 0 else { throw EngineError.recognizer("cannot build the phone loop") }
        // PocketSphinx takes the penalty out of every phone's reported acoustic score, also
        // out of the first phone's, which never paid it: `decode` puts it back. Computed as
        // the search does (-pip is read as a float, scores are shifted to 1024x coarser).
        let penalty = Int32(Double(logmath_log(ps_get_logmath(ps), Double(Float(insertionPenalty)))) * languageWeight) >> 10
        unchargedFirstPhone[name] = Double(penalty) * acousticScale
    }

    /// Adds a phone-loop search over a phonetic language model (the tests compare the
    /// LM-free loop with one over a flat unigram model).
    func addPhoneLoop(_ name: String, languageModel: String) throws {
        guard let ps, ps_set_allphone_file(ps, name, languageModel) >= 0 else {
            throw EngineError.recognizer("cannot load the phone loop \(languageModel)")
        }
    }

    /// Decodes 16 kHz 16-bit mono audio; returns every segment, fillers included.
    func decode(_ pcm: [Int16]) throws -> [Segment] {
        try decode(feeding: { ps in pcm.withUnsafeBufferPointer { ps_process_raw(ps, $0.baseAddress, $0.count, 0, 1) } })
    }

    /// Runs one utterance: `feed` hands the decoder its audio or cepstra.
    func decode(feeding feed: (OpaquePointer) -> Int32) throws -> [Segment] {
        guard let ps else { throw EngineError.recognizer("decoder is closed") }
        // A new stream resets the noise estimate, which otherwise carries over from the
        // previous utterance: the same recording scored differently depending on what the
        // decoder heard before it (186 of 800 so762 recordings between two batch runs).
        guard ps_start_stream(ps) >= 0, ps_start_utt(ps) >= 0 else { throw EngineError.recognizer("cannot start an utterance") }
        guard feed(ps) >= 0 else { throw EngineError.recognizer("processing audio failed") }
        guard ps_end_utt(ps) >= 0 else { throw EngineError.recognizer("cannot end the utterance") }
        var segments: [Segment] = []
        var correction = current.flatMap { unchargedFirstPhone[$0] } ?? 0
        let lmath = ps_get_logmath(ps)
        var seg = ps_seg_iter(ps)
        while let s = seg {
            var sf: Int32 = 0, ef: Int32 = 0, ascr: Int32 = 0, lscr: Int32 = 0, lback: Int32 = 0
            ps_seg_frames(s, &sf, &ef)
            let prob = ps_seg_prob(s, &ascr, &lscr, &lback)
            let posterior = posteriors ? min(1, logmath_exp(lmath, prob)) : 1
            segments.append(Segment(word: String(cString: ps_seg_word(s)), startFrame: Int(sf), endFrame: Int(ef),
                                    acoustic: Double(ascr) * acousticScale + correction, posterior: posterior))
            correction = 0
            seg = ps_seg_next(s)
        }
        return segments
    }
}
