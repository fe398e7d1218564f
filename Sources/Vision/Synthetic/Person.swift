import Foundation

/// COCO's person keypoints.
public enum COCOPersonKeypoints {
    /// The 17 names, in COCO order.
    public static let names = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                               "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
                               "left_knee", "right_knee", "left_ankle", "right_ankle"]
    /// COCO's skeleton (1-based keypoint pairs).
    public static let skeleton = [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9],
                                  [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]
    /// Index of each keypoint's mirror image (left ↔ right), for horizontal flips.
    public static let flipped = [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]
}

/// How a synthetic person looks.
struct PersonStyle {
    var skin: RGB
    var hair: RGB
    var shirt: RGB
    var pants: RGB
    var shoes: RGB
    var longSleeves: Bool
    var skirt: Bool
    /// 0 short, 1 long, 2 none, 3 cap.
    var hairStyle: Int
    var cap: RGB

    static func random(_ r: inout SeededRandom) -> PersonStyle {
        PersonStyle(skin: r.pick(Palette.skin) * r.uniform(0.9, 1.08), hair: r.pick(Palette.hair),
                    shirt: r.chance(0.5) ? Palette.vivid(&r) : Palette.muted(&r), pants: Palette.muted(&r) * 0.8,
                    shoes: Palette.gray(&r, 0.05, 0.5), longSleeves: r.chance(0.5), skirt: r.chance(0.15),
                    hairStyle: r.int(in: 0...3), cap: Palette.vivid(&r))
    }
}

/// Joint angles of a synthetic person, in radians. Limbs: abduction (away from the body's side),
/// flexion (forward) and the bend of the middle joint; `yaw` 0 faces the camera, +π/2 faces image-right.
struct PersonPose {
    var yaw: Float
    var lean: Float = 0
    var headTurn: Float = 0
    /// [abduction, flexion, elbow bend] for the left and right arm.
    var arms: [SIMD3<Float>]
    /// [abduction, flexion, knee bend] for the left and right leg.
    var legs: [SIMD3<Float>]

    static func standing(_ r: inout SeededRandom, yaw: Float) -> PersonPose {
        PersonPose(yaw: yaw, lean: r.uniform(-0.05, 0.05), headTurn: r.uniform(-0.3, 0.3),
                   arms: (0..<2).map { _ in SIMD3(r.uniform(0.05, 0.25), r.uniform(-0.2, 0.3), r.uniform(0.05, 0.6)) },
                   legs: (0..<2).map { _ in SIMD3(r.uniform(0.02, 0.1), r.uniform(-0.08, 0.08), r.uniform(0, 0.1)) })
    }

    static func walking(_ r: inout SeededRandom, yaw: Float) -> PersonPose {
        let phase: Float = r.uniform(0, 2 * Float.pi), stride: Float = r.uniform(0.2, 0.45)
        let swing: Float = stride * sin(phase)
        let leftKnee: Float = 0.1 + 0.5 * max(0, -sin(phase)), rightKnee: Float = 0.1 + 0.5 * max(0, sin(phase))
        let arms: [SIMD3<Float>] = [SIMD3(0.08, -swing, 0.3), SIMD3(0.08, swing, 0.3)]
        let legs: [SIMD3<Float>] = [SIMD3(0.04, swing, leftKnee), SIMD3(0.04, -swing, rightKnee)]
        return PersonPose(yaw: yaw, lean: r.uniform(-0.06, 0.06), headTurn: r.uniform(-0.2, 0.2), arms: arms, legs: legs)
    }

    /// A wide range of poses (arms raised, crouching, kicking…) for pose estimation data.
    static func varied(_ r: inout SeededRandom) -> PersonPose {
        PersonPose(yaw: r.uniform(-.pi, .pi), lean: r.uniform(-0.3, 0.3), headTurn: r.uniform(-0.5, 0.5),
                   arms: (0..<2).map { _ in SIMD3(r.uniform(0, 1.7), r.uniform(-0.6, 2.9), r.uniform(0, 2.1)) },
                   legs: (0..<2).map { _ in SIMD3(r.uniform(0, 0.6), r.uniform(-0.4, 1.5), r.uniform(0, 1.9)) })
    }
}

/// A person drawn as an articulated figure (orthographic projection of a simple 3-D skeleton),
/// with COCO's 17 keypoints and a face box.
struct PersonFigure {
    /// Keypoints in COCO order with their depth (toward the camera is positive).
    private(set) var joints: [Point] = []
    private(set) var depths: [Float] = []
    let unit: Float
    let pose: PersonPose
    private(set) var headCenter = Point(0, 0)
    let headRx: Float, headRy: Float
    private(set) var neck = Point(0, 0)

    /// A person `height` pixels tall standing with their feet at `feet`.
    init(feet: Point, height: Float, pose: PersonPose) {
        unit = height
        self.pose = pose
        headRx = 0.062 * height
        headRy = 0.078 * height
        let yaw = pose.yaw
        let cosY = cos(yaw), sinY = sin(yaw)
        // Body frame (x: the person's left, y: down, z: forward) to image x and depth.
        func project(_ b: SIMD3<Float>) -> (Point, Float) {
            (Point(b.x * cosY + b.z * sinY, b.y), -b.x * sinY + b.z * cosY)
        }
        func direction(side: Float, _ angles: SIMD3<Float>, extraFlex: Float = 0, abductionScale: Float = 1) -> SIMD3<Float> {
            let a = angles.x * abductionScale, f = angles.y + extraFlex
            return SIMD3(side * sin(a), cos(a) * cos(f), cos(a) * sin(f))
        }
        var points = [SIMD3<Float>](repeating: .zero, count: 17)
        let neckBody = SIMD3<Float>(0, -0.30, 0)
        let headBody = SIMD3<Float>(0, -0.40, 0.01)
        for (i, side) in [(0, Float(1)), (1, Float(-1))] {
            let shoulder = SIMD3<Float>(side * 0.11, -0.285, 0)
            let elbow = shoulder + direction(side: side, pose.arms[i]) * 0.16
            let wrist = elbow + direction(side: side, pose.arms[i], extraFlex: pose.arms[i].z, abductionScale: 0.6) * 0.14
            let hip = SIMD3<Float>(side * 0.06, 0, 0)
            let knee = hip + direction(side: side, pose.legs[i]) * 0.235
            let ankle = knee + direction(side: side, pose.legs[i], extraFlex: -pose.legs[i].z, abductionScale: 0.8) * 0.23
            points[5 + i] = shoulder; points[7 + i] = elbow; points[9 + i] = wrist
            points[11 + i] = hip; points[13 + i] = knee; points[15 + i] = ankle
        }
        // Face points on a cylinder around the head: azimuth from the nose, + toward the person's left.
        let faceAzimuths: [Float] = [0, 0.55, -0.55, .pi / 2, -.pi / 2]
        let faceHeights: [Float] = [0.012, -0.008, -0.008, 0, 0]
        var projected = points.map(project)
        let head = project(headBody)
        for (k, azimuth) in faceAzimuths.enumerated() {
            let alpha = yaw + pose.headTurn + azimuth
            let radius: Float = k == 0 ? 0.067 : 0.062
            projected[k] = (Point(head.0.x + radius * sin(alpha), head.0.y + faceHeights[k]), radius * cos(alpha) + head.1)
        }
        var neckPoint = project(neckBody).0
        var headPoint = head.0
        // Lean: roll the upper body about the pelvis.
        let c = cos(pose.lean), s = sin(pose.lean)
        func roll(_ p: Point) -> Point { Point(p.x * c - p.y * s, p.x * s + p.y * c) }
        for k in 0..<11 { projected[k].0 = roll(projected[k].0) }
        neckPoint = roll(neckPoint)
        headPoint = roll(headPoint)
        // Place: lowest ankle (plus the foot) on the ground line, pelvis above the feet.
        let lowest = max(projected[15].0.y, projected[16].0.y) + 0.03
        let offset = Point(feet.x, feet.y) - Point(0, lowest * height)
        joints = projected.map { $0.0 * height + offset }
        depths = projected.map { $0.1 * height }
        neck = neckPoint * height + offset
        headCenter = headPoint * height + offset
    }

    /// The face box (forehead to chin, cheek to cheek as seen), when the face is turned to the camera.
    var faceBox: BoundingBox? {
        let facing = cos(pose.yaw + pose.headTurn)
        guard facing > 0.35 else { return nil }
        var xs: [Float] = []
        for k in 0...16 {
            let alpha = pose.yaw + pose.headTurn + (Float(k) / 8 - 1) * 1.4
            if cos(alpha) > 0 { xs.append(headCenter.x + headRx * sin(alpha)) }
        }
        guard let lo = xs.min(), let hi = xs.max() else { return nil }
        return BoundingBox(x1: lo, y1: headCenter.y - headRy * 0.55, x2: hi, y2: headCenter.y + headRy)
    }

    /// The left (0) or right (1) hand position.
    func hand(_ side: Int) -> Point { joints[9 + side] + (joints[9 + side] - joints[7 + side]) * 0.15 }

    /// What drawing a figure produced.
    struct Drawing {
        /// COCO keypoints with self-occlusion applied (2 visible, 1 hidden behind the body,
        /// 0 not labeled: the face seen from behind).
        var keypoints: [Keypoint]
        /// Every body-part polygon, the person's (amodal) outline.
        var outline: [[Point]]
    }

    /// Paints the figure as `owner`. With `headOwner`, the head (face, hair) is painted as that
    /// owner instead (a separate face label).
    @discardableResult
    func draw(in scene: inout SceneBuilder, style: PersonStyle, owner: Int32, headOwner: Int32? = nil) -> Drawing {
        let u = unit
        var parts: [(contours: [[Point]], paint: Paint, depth: Float, joints: [Int], head: Bool)] = []
        let facingX = sin(pose.yaw)
        // Legs (slightly behind the torso so it covers the hip joints).
        for i in 0..<2 {
            let hip = joints[11 + i], knee = joints[13 + i], ankle = joints[15 + i]
            let depth = (depths[11 + i] + depths[13 + i]) / 2 - 0.01 * u
            parts.append(([Shape.capsule(hip, knee, 0.052 * u, 0.043 * u)], .solid(style.pants), depth, [11 + i, 13 + i], false))
            parts.append(([Shape.capsule(knee, ankle, 0.041 * u, 0.031 * u)], .solid(style.skirt ? style.skin : style.pants * 0.95),
                          depth + 0.001, [13 + i, 15 + i], false))
            let toe = ankle + Point(facingX * 0.065 * u, 0.018 * u)
            parts.append(([Shape.capsule(ankle, toe, 0.026 * u, 0.022 * u)], .solid(style.shoes), depth + 0.002, [15 + i], false))
        }
        // Torso.
        let shoulderCenter = (joints[5] + joints[6]) / 2, hipCenter = (joints[11] + joints[12]) / 2
        func span(_ a: Point, _ b: Point, minimum: Float) -> Point {
            let w = a - b
            let length = (w * w).sum().squareRoot()
            if length >= minimum { return w }
            let axis = hipCenter - shoulderCenter
            let n = Point(-axis.y, axis.x) / max((axis * axis).sum().squareRoot(), 1e-4)
            return (length > 1e-4 ? w / length : n) * minimum
        }
        let ws = span(joints[5], joints[6], minimum: 0.1 * u), wh = span(joints[11], joints[12], minimum: 0.09 * u)
        let waist = shoulderCenter + (hipCenter - shoulderCenter) * 0.6
        var torso = [shoulderCenter + ws * 0.62 - Point(0, 0.01 * u), shoulderCenter - ws * 0.62 - Point(0, 0.01 * u),
                     waist - ws * 0.45, hipCenter - wh * 0.62, hipCenter + wh * 0.62, waist + ws * 0.45]
        parts.append(([torso], .linear(p0: shoulderCenter, p1: hipCenter, c0: style.shirt, c1: style.shirt * 0.85), 0, [5, 6, 11, 12], false))
        if style.skirt {
            let kneeCenter = (joints[13] + joints[14]) / 2
            torso = [hipCenter + wh * 0.62, hipCenter - wh * 0.62, kneeCenter - wh * 0.9, kneeCenter + wh * 0.9]
            parts.append(([torso], .solid(style.pants), 0.001, [11, 12], false))
        }
        // Arms (just outside the torso's side).
        for i in 0..<2 {
            let shoulder = joints[5 + i], elbow = joints[7 + i], wrist = joints[9 + i]
            let depth = (depths[5 + i] + depths[7 + i] + depths[9 + i]) / 3 + 0.015 * u
            parts.append(([Shape.capsule(shoulder, elbow, 0.038 * u, 0.032 * u)], .solid(style.shirt * 0.95), depth, [5 + i, 7 + i], false))
            parts.append(([Shape.capsule(elbow, wrist, 0.031 * u, 0.025 * u)], .solid(style.longSleeves ? style.shirt * 0.92 : style.skin),
                          depth + 0.001, [7 + i, 9 + i], false))
            let h = hand(i)
            parts.append(([Shape.circle(h.x, h.y, 0.027 * u)], .solid(style.skin * 0.97), depth + 0.002, [9 + i], false))
        }
        // Neck and head (always in front of the torso).
        parts.append(([Shape.capsule(neck, headCenter + Point(0, 0.04 * u), 0.028 * u, 0.03 * u)], .solid(style.skin * 0.9), 0.02 * u, [], false))
        let headDepth = 0.05 * u
        if style.hairStyle == 1 {
            parts.append(([Shape.roundedRect(headCenter.x - headRx * 1.1, headCenter.y - headRy * 0.6, headRx * 2.2, headRy * 2.1, headRx)],
                          .solid(style.hair), headDepth - 0.001, [], true))
        }
        parts.append(([Shape.ellipse(headCenter.x, headCenter.y, headRx, headRy)],
                      .linear(p0: headCenter - Point(headRx, 0), p1: headCenter + Point(headRx, 0), c0: style.skin, c1: style.skin * 0.9),
                      headDepth, [0, 1, 2, 3, 4], true))
        parts.sort { $0.depth < $1.depth }
        for part in parts { scene.draw(part.contours, part.paint, owner: part.head ? headOwner ?? owner : owner) }
        drawHead(in: &scene, style: style, owner: headOwner ?? owner)

        // Keypoint visibility before other objects are considered.
        let facing = cos(pose.yaw + pose.headTurn)
        let keypoints = (0..<17).map { k in
            let p = joints[k]
            var visibility = 2
            if k < 5 {
                let alpha = pose.yaw + pose.headTurn + [0, 0.55, -0.55, Float.pi / 2, -Float.pi / 2][k]
                if cos(alpha) <= -0.5 || (k < 3 && facing < -0.2) { visibility = 0 } else if cos(alpha) <= 0.05 { visibility = 1 }
            } else if parts.contains(where: { part in
                !part.joints.contains(k) && part.depth > depths[k] + 0.005 * u && part.contours.contains { Shape.contains($0, p) }
            }) {
                visibility = 1
            }
            return Keypoint(x: p.x, y: p.y, visibility: visibility)
        }
        return Drawing(keypoints: keypoints, outline: parts.flatMap(\.contours))
    }

    /// Hair, cap and face features over the head ellipse.
    private func drawHead(in scene: inout SceneBuilder, style: PersonStyle, owner: Int32) {
        let c = headCenter, rx = headRx, ry = headRy
        let turn = pose.yaw + pose.headTurn
        let facing = cos(turn), side = sin(turn)
        if style.hairStyle == 0 || style.hairStyle == 1 {
            if facing < -0.25 {
                scene.draw(Shape.ellipse(c.x, c.y - ry * 0.05, rx * 1.06, ry * 1.0), style.hair, owner: owner)
            } else {
                // Top arc of the head; the back of the head (opposite the face) gets more hair.
                let back: Float = side > 0 ? -1 : 1
                var hair: [Point] = []
                for k in 0...16 {
                    let t = Float.pi + Float(k) / 16 * .pi
                    hair.append(Point(c.x + cos(t) * rx * 1.07, c.y + sin(t) * ry * 1.05 - ry * 0.05))
                }
                let lowBack = Point(c.x + back * rx * 1.02, c.y + ry * 0.25 * abs(side))
                if back < 0 { hair.insert(lowBack, at: 0) } else { hair.append(lowBack) }
                hair.append(Point(c.x + rx * 0.3 * side, c.y - ry * 0.45))
                scene.draw(hair, style.hair, owner: owner)
            }
        } else if style.hairStyle == 3 {
            var cap: [Point] = []
            for k in 0...12 {
                let t = Float.pi + Float(k) / 12 * .pi
                cap.append(Point(c.x + cos(t) * rx * 1.08, c.y + sin(t) * ry * 1.08 - ry * 0.2))
            }
            scene.draw(cap, style.cap, owner: owner)
            if facing > -0.3 {
                let brimX = c.x + side * rx * 0.9
                scene.draw(Shape.ellipse(brimX, c.y - ry * 0.25, rx * (0.6 + 0.5 * abs(side)), ry * 0.12), style.cap * 0.8, owner: owner)
            }
        }
        guard facing > 0.1, rx >= 2.5 else { return }
        let dark = RGB(0.08, 0.06, 0.05)
        for eye: Float in [0.55, -0.55] where cos(turn + eye) > 0.15 {
            let x = c.x + rx * 0.95 * sin(turn + eye), y = c.y - ry * 0.08
            let w = rx * 0.16 * cos(turn + eye) + rx * 0.03
            scene.draw(Shape.ellipse(x, y, w, ry * 0.07), dark, owner: owner)
            scene.draw(Shape.line(Point(x - w * 1.3, y - ry * 0.2), Point(x + w * 1.3, y - ry * 0.22), width: max(ry * 0.06, 0.6)),
                       style.hair * 0.9, owner: owner)
        }
        let nose = Point(c.x + rx * 1.02 * side, c.y + ry * 0.2)
        scene.draw(Shape.ellipse(nose.x, nose.y, rx * 0.12, ry * 0.1), style.skin * 0.78, owner: owner)
        let mouth = Point(c.x + rx * 0.92 * side, c.y + ry * 0.5)
        let half = rx * 0.28 * facing
        scene.draw(Shape.line(mouth - Point(half, 0), mouth + Point(half, 0), width: max(ry * 0.08, 0.6)), RGB(0.5, 0.15, 0.15), owner: owner)
    }
}
