/// ReadmasterEngine grades a recording of a passage read aloud, offline: it decodes the
/// audio (libsndfile, libsamplerate), finds speech, recognises it with CMU PocketSphinx
/// under a language model built from the passage, aligns what was heard to the passage
/// word by word, checks each accepted word acoustically against a free phone loop, and
/// turns the result into the report of DESIGN.md (WCPM, accuracy, miscues, timings).
/// It needs no database and knows nothing of the command line.
public enum ReadmasterEngine {
    /// Changes whenever a change to the engine can change a report's numbers; the part
    /// after "+cal." names the fitted score models (a refit changes it).
    public static let version = "0.3.0+cal." + Calibration.current.id
    public static let modelName = "en-us"
}
