/// Where an assessment stands (the `assessment_status` type of migration 3): waiting
/// for its recording, being graded by a worker, graded, failed (retried), or given up on.
public enum AssessmentStatus: String, Sendable, CaseIterable {
    case pendingAudio = "pending_audio", processing, completed, error, dead
}
