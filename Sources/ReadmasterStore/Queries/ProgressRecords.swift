import Foundation
import ReadmasterCore

/// The graded readings behind progress reports (corrections included: they update the
/// result's columns).
public struct ProgressRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let pointsSQL = """
        SELECT a.student_id, a.assessment_date, r.wcpm, r.accuracy, r.comprehension
        FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
        WHERE a.status = 'completed' AND r.wcpm IS NOT NULL AND
        """

    static func point(_ r: Row) throws -> (UUID, ProgressSummary.Point) {
        (try r.uuid("student_id"), ProgressSummary.Point(date: try r.date("assessment_date"), wcpm: try r.double("wcpm"),
                                                         accuracy: try r.optionalDouble("accuracy"), comprehension: try r.optionalDouble("comprehension")))
    }

    public func points(student: UUID) throws -> [ProgressSummary.Point] {
        try connection.query(ProgressRecords.pointsSQL + " a.student_id = $1 ORDER BY a.assessment_date", [.uuid(student)]).map { try ProgressRecords.point($0).1 }
    }

    /// Every active student of a class with their graded readings, in one query.
    public func classPoints(_ classID: UUID) throws -> [UUID: [ProgressSummary.Point]] {
        var out: [UUID: [ProgressSummary.Point]] = [:]
        for row in try connection.query(ProgressRecords.pointsSQL + """
             a.student_id IN (SELECT student_id FROM class_enrollments WHERE class_id = $1 AND status = 'active')
            ORDER BY a.assessment_date
            """, [.uuid(classID)]) {
            let (s, p) = try ProgressRecords.point(row)
            out[s, default: []].append(p)
        }
        return out
    }
}
