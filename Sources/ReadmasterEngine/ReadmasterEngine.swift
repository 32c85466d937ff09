/// ReadmasterEngine grades a recording of a passage read aloud, offline: it decodes the
/// audio (libsndfile, libsamplerate), finds speech, hears the words with Whisper
/// (whisper.cpp) prompted with the passage, aligns them to the passage word by word,
/// checks every disagreement against a second opinion (`WordDecisions`), measures timing
/// and phone-level pronunciation with CMU PocketSphinx, and turns the result into the
/// report of docs/CONTRACTS.md (WCPM, accuracy, miscues, timings, calibrated scores).
/// It needs no database and knows nothing of the command line.
public enum ReadmasterEngine {
    /// Changes whenever a change to the engine can change a report's numbers: the miscue
    /// policy's id follows "+", and the part after "+cal." names the fitted score models.
    public static let version = "0.5.0+" + MiscuePolicy.current.id + "+cal." + Calibration.current.id
    public static let modelName = "whisper tiny.en + pocketsphinx en-us"
}
