import Foundation

/// FaceDetect-IR-style frames: faces close to a near-infrared camera (in a car cabin or at a
/// door) under an active illuminator — bright smooth skin, dark pupils and hair, strong fall-off
/// toward the edges, warm clutter, grain and fixed-pattern column noise. Written single-channel.
enum IRFaceScene {
    static let classes = ["face"]

    static func render(width: Int, height: Int, random: SeededRandom) -> SceneBuilder {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let w = scene.width, h = scene.height
        var r = scene.random
        let ambient = r.uniform(0.08, 0.3)
        let noise = ValueNoise(random: &r)
        let noiseScale = r.uniform(20, 80)
        scene.random = r
        scene.draw(Shape.rect(0, 0, w, h), .textured(RGB(repeating: ambient), amplitude: 0.6, scale: noiseScale, noise: noise))
        // Background structure: seat backs, window frames, pillars, lamps and screens.
        for _ in 0..<scene.random.int(in: 2...7) {
            var r = scene.random
            let v = r.uniform(0.05, 0.5), hot = r.chance(0.2)
            let x = r.uniform(-0.1, 1) * w, y = r.uniform(-0.1, 1) * h
            let bw = r.uniform(0.05, 0.4) * w, bh = r.uniform(0.05, 0.5) * h
            scene.random = r
            if hot {
                scene.draw(Shape.ellipse(x, y, bw * 0.3, bw * 0.3), RGB(repeating: 0.95), opacity: 0.9, owner: Canvas.clutter)
            } else {
                scene.draw(Shape.roundedRect(x, y, bw, bh, min(bw, bh) * 0.2), RGB(repeating: v), owner: Canvas.clutter)
            }
        }
        let count = scene.random.pick([1, 1, 1, 2, 2, 3, 4])
        var faces: [(Point, Float)] = []
        for _ in 0..<count {
            let size = h * scene.random.uniform(0.12, 0.55)
            faces.append((Point(scene.random.uniform(-0.05, 1.05) * w, scene.random.uniform(0.1, 0.85) * h), size))
        }
        faces.sort { $0.1 < $1.1 }  // small (far) faces first
        for (center, size) in faces { face(&scene, center: center, height: size) }
        if scene.random.chance(0.3) {  // a hand or object in front
            var r = scene.random
            let x = r.uniform(0, w), y = r.uniform(0.3, 1) * h, size = r.uniform(0.1, 0.3) * h
            let bright = r.uniform(0.3, 0.9), tilt = r.uniform(-1, 1)
            scene.random = r
            scene.draw(Shape.ellipse(x, y, size * 0.6, size, rotation: tilt), RGB(repeating: bright), owner: Canvas.clutter)
        }
        // Illuminator fall-off, grain, column pattern noise, soft optics.
        var rr = scene.random
        let center = Point(rr.uniform(0.3, 0.7) * w, rr.uniform(0.3, 0.7) * h)
        let falloff = rr.uniform(0.2, 0.7), gain = rr.uniform(0.8, 1.25)
        let columns = (0..<scene.canvas.width).map { _ in Float(rr.normal()) * 0.02 }
        scene.canvas.develop(gain: RGB(repeating: gain), ramp: nil, vignette: 0, noise: 0, random: &rr)
        let cw = scene.canvas.width, ch = scene.canvas.height
        let radius2 = (w * w + h * h) / 4
        scene.canvas.pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<ch {
                for x in 0..<cw {
                    let dx = Float(x) - center.x, dy = Float(y) - center.y
                    let light = 1 - falloff * min((dx * dx + dy * dy) / radius2, 1.5)
                    let i = (y * cw + x) * 3
                    let gray = 0.299 * p[i] + 0.587 * p[i + 1] + 0.114 * p[i + 2]
                    let v = min(max(gray * light + columns[x] + rr.fastNormal() * 0.025, 0), 1)
                    p[i] = v; p[i + 1] = v; p[i + 2] = v
                }
            }
        }
        scene.random = rr
        scene.canvas.blur(passes: scene.random.int(in: 0...2))
        return scene
    }

    /// A head and shoulders whose face (forehead to chin) is the label.
    private static func face(_ scene: inout SceneBuilder, center: Point, height: Float) {
        var r = scene.random
        let yaw = r.uniform(-0.9, 0.9), roll = r.uniform(-0.35, 0.35)
        let skin = r.uniform(0.62, 0.92), hair = r.uniform(0.05, 0.45), clothes = r.uniform(0.1, 0.6)
        let glasses = r.chance(0.25), longHair = r.chance(0.3), bald = r.chance(0.1)
        scene.random = r
        let rx = height * 0.36, ry = height * 0.5
        let c = cos(roll), s = sin(roll)
        func place(_ p: Point) -> Point { center + Point(p.x * c - p.y * s, p.x * s + p.y * c) }
        func shape(_ points: [Point]) -> [Point] { points.map(place) }
        let side = sin(yaw), facing = cos(yaw)
        // Shoulders and neck under the head.
        scene.draw(shape(Shape.roundedRect(-rx * 2.6, ry * 1.15, rx * 5.2, ry * 2, rx)), RGB(repeating: clothes), owner: Canvas.clutter)
        scene.draw(shape(Shape.rect(-rx * 0.45, ry * 0.6, rx * 0.9, ry * 0.8)), RGB(repeating: skin * 0.85), owner: Canvas.clutter)
        if longHair { scene.draw(shape(Shape.roundedRect(-rx * 1.2, -ry * 0.7, rx * 2.4, ry * 2.1, rx)), RGB(repeating: hair), owner: Canvas.clutter) }
        let owner = scene.begin("face")
        scene.draw(shape(Shape.ellipse(0, 0, rx, ry)), .linear(p0: place(Point(-rx, 0)), p1: place(Point(rx, 0)),
                                                               c0: RGB(repeating: skin * (1 - 0.15 * side)), c1: RGB(repeating: skin * (1 + 0.1 * side))), owner: owner)
        for ear: Float in [-1, 1] where cos(yaw + ear * .pi / 2) > -0.2 {
            scene.draw(shape(Shape.ellipse(rx * sin(yaw + ear * .pi / 2) * 1.02, ry * 0.05, rx * 0.18, ry * 0.2)), RGB(repeating: skin * 0.9), owner: owner)
        }
        if !bald {
            var cap: [Point] = []
            for k in 0...16 {
                let t = Float.pi + Float(k) / 16 * .pi
                cap.append(Point(cos(t) * rx * 1.06, sin(t) * ry * 0.98 - ry * 0.2))
            }
            cap.append(Point(rx * 0.3 * side, -ry * 0.55))
            scene.draw(shape(cap), RGB(repeating: hair), owner: owner)
        }
        for eye: Float in [0.5, -0.5] where cos(yaw + eye) > 0.1 {
            let e = Point(rx * 0.95 * sin(yaw + eye), -ry * 0.08)
            let ew = rx * 0.2 * cos(yaw + eye) + rx * 0.04
            scene.draw(shape(Shape.ellipse(e.x, e.y, ew, ry * 0.07)), RGB(repeating: skin * 1.05), owner: owner)
            scene.draw(shape(Shape.circle(e.x, e.y, ry * 0.05)), RGB(repeating: 0.08), owner: owner)
            scene.draw(shape(Shape.circle(e.x + ry * 0.015, e.y - ry * 0.015, ry * 0.015)), RGB(repeating: 1), owner: owner)
            scene.draw(shape(Shape.line(Point(e.x - ew * 1.2, e.y - ry * 0.17), Point(e.x + ew * 1.2, e.y - ry * 0.19), width: ry * 0.05)),
                       RGB(repeating: hair * 1.2), owner: owner)
            if glasses {
                scene.draw(shape(Shape.roundedRect(e.x - ew * 1.35, e.y - ry * 0.12, ew * 2.7, ry * 0.25, ry * 0.05)), RGB(repeating: 0.12),
                           opacity: 0.85, owner: owner)
            }
        }
        scene.draw(shape(Shape.ellipse(rx * 1.0 * side, ry * 0.22, rx * 0.14, ry * 0.12)), RGB(repeating: skin * 0.75), owner: owner)
        let mouth = Point(rx * 0.9 * side, ry * 0.52)
        scene.draw(shape(Shape.line(mouth - Point(rx * 0.3 * facing, 0), mouth + Point(rx * 0.3 * facing, 0), width: ry * 0.06)),
                   RGB(repeating: skin * 0.6), owner: owner)
        // Label: forehead to chin, across what is seen of the face, rotated with the head.
        let corners = [Point(-rx * 0.95, -ry * 0.6), Point(rx * 0.95, -ry * 0.6), Point(rx * 0.95, ry), Point(-rx * 0.95, ry)].map(place)
        scene.setLabelBox(owner, Shape.bounds([corners]))
    }
}
