import Foundation

/// A level pinhole camera `height` metres above a flat road: world X right, Y up, Z forward.
/// The horizon row and focal length place the road; projecting 3-D boxes gives vehicles that are
/// seen from behind at dashcam height and from above from a traffic mast.
struct StreetCamera {
    var focal: Float
    var height: Float
    var centerX: Float
    var horizon: Float

    /// Image position of a world point (nil behind the camera).
    func project(_ p: SIMD3<Float>) -> Point? {
        guard p.z > 0.3 else { return nil }
        return Point(centerX + focal * p.x / p.z, horizon + focal * (height - p.y) / p.z)
    }

    /// Pixels per metre at distance `z`.
    func scale(atDistance z: Float) -> Float { focal / z }

    /// The image x of ground lateral position `x` at image row `y`.
    func groundX(_ x: Float, atRow y: Float) -> Float { centerX + x * (y - horizon) / height }

    /// The distance of the ground point seen at image row `y`.
    func distance(atRow y: Float) -> Float { focal * height / max(y - horizon, 0.01) }
}

/// A box standing on the road (a vehicle body part): centre (x, z) on the ground, `yaw` about the
/// vertical axis (0 points away from the camera), size in metres, bottom `base` metres up.
struct WorldBox {
    var x: Float, z: Float, yaw: Float
    var width: Float, height: Float, length: Float
    var base: Float = 0

    /// Faces: 0 rear (−length side), 1 front, 2 left, 3 right, 4 top. Each face's corners in
    /// order bottom-left, bottom-right, top-right, top-left as seen from outside.
    func corners(face: Int) -> [SIMD3<Float>] {
        let c = cos(yaw), s = sin(yaw)
        func world(_ lx: Float, _ ly: Float, _ lz: Float) -> SIMD3<Float> {
            SIMD3(x + lx * c + lz * s, base + ly, z - lx * s + lz * c)
        }
        let w = width / 2, l = length / 2, h = height
        switch face {
        case 0: return [world(-w, 0, -l), world(w, 0, -l), world(w, h, -l), world(-w, h, -l)]
        case 1: return [world(w, 0, l), world(-w, 0, l), world(-w, h, l), world(w, h, l)]
        case 2: return [world(-w, 0, l), world(-w, 0, -l), world(-w, h, -l), world(-w, h, l)]
        case 3: return [world(w, 0, -l), world(w, 0, l), world(w, h, l), world(w, h, -l)]
        default: return [world(-w, h, -l), world(w, h, -l), world(w, h, l), world(-w, h, l)]
        }
    }

    /// Whether a face turns toward a camera at height `cameraHeight` at the origin.
    func isVisible(face: Int, cameraHeight: Float) -> Bool {
        let k = corners(face: face)
        let center = (k[0] + k[1] + k[2] + k[3]) / 4
        // Outward normal: up × right (the axes are left-handed: X right, Y up, Z forward).
        let right = k[1] - k[0], up = k[3] - k[0]
        let normal = SIMD3(up.y * right.z - up.z * right.y, up.z * right.x - up.x * right.z, up.x * right.y - up.y * right.x)
        let toCamera = SIMD3<Float>(0, cameraHeight, 0) - center
        return (normal * toCamera).sum() > 0
    }
}

/// A projected face: maps face coordinates (u across, v up, both 0…1) into the image bilinearly.
struct ProjectedFace {
    let corners: [Point]

    func point(_ u: Float, _ v: Float) -> Point {
        let bottom = corners[0] + (corners[1] - corners[0]) * u
        let top = corners[3] + (corners[2] - corners[3]) * u
        return bottom + (top - bottom) * v
    }

    /// The sub-rectangle u0…u1 × v0…v1 of the face.
    func quad(_ u0: Float, _ v0: Float, _ u1: Float, _ v1: Float) -> [Point] {
        [point(u0, v0), point(u1, v0), point(u1, v1), point(u0, v1)]
    }
}
