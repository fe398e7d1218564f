import Foundation

/// Backgrounds and unlabeled clutter shared by the scene generators: skies, ground textures,
/// buildings, trees, indoor walls, and distractor objects that are not any labeled class.
enum Backdrop {
    /// Sky from the top of the image down to `horizon`, with soft clouds.
    static func sky(_ scene: inout SceneBuilder, horizon: Float) {
        var r = scene.random
        let overcast = r.chance(0.35)
        let top = overcast ? Palette.gray(&r, 0.55, 0.8) : Palette.hsv(r.uniform(0.55, 0.62), r.uniform(0.3, 0.6), r.uniform(0.6, 0.95))
        let low = Palette.mix(top, RGB(0.92, 0.92, 0.95), r.uniform(0.3, 0.7))
        let noise = ValueNoise(random: &r)
        let cloudScale = r.uniform(40, 120)
        let cloudiness: Float = overcast ? 0.25 : r.uniform(0, 0.5)
        scene.random = r
        scene.draw(Shape.rect(0, 0, scene.width, horizon + 1), .linear(p0: Point(0, 0), p1: Point(0, horizon), c0: top, c1: low))
        if cloudiness > 0.05 {
            scene.draw(Shape.rect(0, 0, scene.width, horizon + 1), .textured(RGB(0.95, 0.95, 0.97), amplitude: 0.2, scale: cloudScale, noise: noise),
                       opacity: cloudiness)
        }
    }

    /// The ground from `horizon` to the bottom: asphalt, grass, paving or dirt.
    static func ground(_ scene: inout SceneBuilder, horizon: Float, kind: Int? = nil) {
        var r = scene.random
        let choice = kind ?? r.int(in: 0...3)
        let base: RGB
        switch choice {
        case 0: base = Palette.gray(&r, 0.22, 0.45)                                     // asphalt
        case 1: base = Palette.hsv(r.uniform(0.22, 0.32), r.uniform(0.35, 0.7), r.uniform(0.3, 0.6))  // grass
        case 2: base = Palette.hsv(r.uniform(0.05, 0.12), r.uniform(0.1, 0.3), r.uniform(0.45, 0.75)) // paving
        default: base = Palette.hsv(r.uniform(0.06, 0.1), r.uniform(0.3, 0.5), r.uniform(0.3, 0.55))  // dirt
        }
        let noise = ValueNoise(random: &r)
        let scale = r.uniform(3, 12)
        scene.random = r
        let far = base * 0.85, near = base * 1.05
        scene.draw(Shape.rect(0, horizon, scene.width, scene.height - horizon + 1),
                   .linear(p0: Point(0, horizon), p1: Point(0, scene.height), c0: far, c1: near))
        scene.draw(Shape.rect(0, horizon, scene.width, scene.height - horizon + 1),
                   .textured(near, amplitude: 0.5, scale: scale, noise: noise), opacity: 0.45)
        if choice == 2 {  // paving joints, in perspective
            let rows = 6 + r.int(in: 0...6)
            for k in 1..<rows {
                let t = pow(Float(k) / Float(rows), 1.6)
                let y = horizon + (scene.height - horizon) * t
                scene.draw(Shape.line(Point(0, y), Point(scene.width, y), width: 0.4 + 1.2 * t), base * 0.7, opacity: 0.6)
            }
        }
    }

    /// A row of building silhouettes with window grids standing on `baseline`.
    static func buildings(_ scene: inout SceneBuilder, baseline: Float, maxHeight: Float) {
        var x: Float = scene.random.uniform(-40, 0)
        while x < scene.width {
            var r = scene.random
            let w = r.uniform(0.12, 0.35) * scene.width, h = r.uniform(0.3, 1) * maxHeight
            let wall = r.chance(0.5) ? Palette.muted(&r) : Palette.gray(&r, 0.35, 0.75)
            let glass = Palette.mix(RGB(0.2, 0.25, 0.3), RGB(0.6, 0.7, 0.8), r.uniform(0, 1))
            let columns = max(2, Int(w / r.uniform(10, 22))), rows = max(2, Int(h / r.uniform(12, 24)))
            scene.random = r
            scene.draw(Shape.rect(x, baseline - h, w, h), .linear(p0: Point(x, 0), p1: Point(x + w, 0), c0: wall, c1: wall * 0.8))
            let cw = w / Float(columns), rh = h / Float(rows)
            for i in 0..<columns {
                for j in 0..<rows where j < rows - 1 || i % 3 != 1 {
                    scene.draw(Shape.rect(x + cw * (Float(i) + 0.25), baseline - h + rh * (Float(j) + 0.25), cw * 0.5, rh * 0.5), glass, opacity: 0.85)
                }
            }
            x += w + scene.random.uniform(-5, 25)
        }
    }

    /// A tree: trunk and a canopy of overlapping blobs, base at `(x, y)`, `height` tall.
    static func tree(_ scene: inout SceneBuilder, x: Float, y: Float, height: Float, owner: Int32? = nil) {
        var r = scene.random
        let trunk = RGB(0.3, 0.2, 0.12) * r.uniform(0.7, 1.2)
        let leaves = Palette.hsv(r.uniform(0.2, 0.36), r.uniform(0.4, 0.8), r.uniform(0.2, 0.5))
        let blobs = (0..<r.int(in: 4...8)).map { _ in
            (Point(x + r.uniform(-0.25, 0.25) * height, y - height * r.uniform(0.55, 0.85)), r.uniform(0.15, 0.28) * height)
        }
        scene.random = r
        scene.draw(Shape.rect(x - height * 0.03, y - height * 0.6, height * 0.06, height * 0.6), trunk, owner: owner)
        for (center, radius) in blobs {
            scene.draw(Shape.ellipse(center.x, center.y, radius, radius * 0.85),
                       .linear(p0: center - Point(0, radius), p1: center + Point(0, radius), c0: leaves * 1.25, c1: leaves * 0.75), owner: owner)
        }
    }

    /// An indoor room: a wall with a skirting board above `floorY`, doors, windows, pictures.
    static func room(_ scene: inout SceneBuilder, floorY: Float) {
        var r = scene.random
        let wall = Palette.hsv(r.uniform(0, 1), r.uniform(0.03, 0.25), r.uniform(0.55, 0.92))
        let noise = ValueNoise(random: &r)
        scene.random = r
        scene.draw(Shape.rect(0, 0, scene.width, floorY + 1), .textured(wall, amplitude: 0.12, scale: 30, noise: noise))
        for _ in 0..<scene.random.int(in: 1...4) {
            var r = scene.random
            let w = r.uniform(0.06, 0.2) * scene.width, h = r.uniform(0.2, 0.7) * floorY
            let x = r.uniform(0, scene.width - w)
            let kind = r.int(in: 0...2)
            let color = kind == 1 ? RGB(0.75, 0.85, 0.95) * r.uniform(0.8, 1.1) : Palette.muted(&r)
            let y = kind == 0 ? floorY - h : r.uniform(0.1, 0.4) * floorY
            scene.random = r
            scene.draw(Shape.rect(x - 2, y - 2, w + 4, h + 4), color * 0.6)
            scene.draw(Shape.rect(x, y, w, h), kind == 1 ? .linear(p0: Point(x, y), p1: Point(x + w, y + h), c0: color, c1: color * 0.7) : .solid(color))
        }
        scene.draw(Shape.rect(0, floorY - scene.height * 0.015, scene.width, scene.height * 0.015), wall * 0.6)
    }

    /// A floor below `floorY`: tiles or boards in perspective.
    static func floor(_ scene: inout SceneBuilder, floorY: Float) {
        var r = scene.random
        let base = r.chance(0.5) ? Palette.gray(&r, 0.3, 0.8) : Palette.hsv(r.uniform(0.05, 0.12), r.uniform(0.2, 0.5), r.uniform(0.3, 0.7))
        let tiles = r.int(in: 5...12)
        scene.random = r
        scene.draw(Shape.rect(0, floorY, scene.width, scene.height - floorY + 1),
                   .linear(p0: Point(0, floorY), p1: Point(0, scene.height), c0: base * 0.8, c1: base * 1.05))
        let cx = scene.width / 2
        for k in -tiles...tiles {
            let xb = cx + Float(k) * scene.width / Float(tiles) * 1.5
            scene.draw(Shape.line(Point(cx + (xb - cx) * 0.15, floorY), Point(xb, scene.height), width: 0.8), base * 0.65, opacity: 0.5)
        }
    }

    /// An unlabeled distractor standing on `(x, y)` about `size` tall: a pole, bin, box, plant,
    /// bench, cone or sign-less post. Drawn as clutter so it occludes labeled objects.
    static func clutter(_ scene: inout SceneBuilder, x: Float, y: Float, size: Float) {
        var r = scene.random
        let color = r.chance(0.5) ? Palette.vivid(&r) : Palette.muted(&r)
        let kind = r.int(in: 0...6)
        defer { scene.random = r }
        let owner = Canvas.clutter
        switch kind {
        case 0:  // pole / pillar
            let w = size * r.uniform(0.05, 0.2)
            scene.draw(Shape.rect(x - w / 2, y - size, w, size), .linear(p0: Point(x - w / 2, 0), p1: Point(x + w / 2, 0), c0: color, c1: color * 0.6), owner: owner)
        case 1:  // bin
            let w = size * 0.35
            scene.draw(Shape.roundedRect(x - w / 2, y - size * 0.5, w, size * 0.5, w * 0.1), color, owner: owner)
            scene.draw(Shape.rect(x - w * 0.55, y - size * 0.53, w * 1.1, size * 0.06), color * 0.7, owner: owner)
        case 2:  // box / crate
            let w = size * r.uniform(0.3, 0.6), h = size * r.uniform(0.25, 0.5)
            scene.draw(Shape.rect(x - w / 2, y - h, w, h), color, owner: owner)
            scene.draw(Shape.line(Point(x - w / 2, y - h), Point(x + w / 2, y), width: max(size * 0.02, 0.7)), color * 0.6, owner: owner)
        case 3:  // potted plant
            let w = size * 0.25
            scene.draw(Shape.rect(x - w / 2, y - size * 0.25, w, size * 0.25), color * 0.7, owner: owner)
            for _ in 0..<4 {
                let cx = x + r.uniform(-0.2, 0.2) * size, cy = y - size * r.uniform(0.4, 0.8)
                scene.draw(Shape.ellipse(cx, cy, size * 0.18, size * 0.14), RGB(0.15, 0.45, 0.15) * r.uniform(0.7, 1.2), owner: owner)
            }
        case 4:  // bench
            let w = size * 0.9
            scene.draw(Shape.rect(x - w / 2, y - size * 0.3, w, size * 0.06), color, owner: owner)
            scene.draw(Shape.rect(x - w / 2, y - size * 0.5, w, size * 0.05), color, owner: owner)
            for dx: Float in [-0.4, 0.4] { scene.draw(Shape.rect(x + dx * w - 1, y - size * 0.3, 2 + size * 0.03, size * 0.3), color * 0.5, owner: owner) }
        case 5:  // traffic cone
            let w = size * 0.3
            scene.draw([Point(x - w / 2, y), Point(x + w / 2, y), Point(x + w * 0.08, y - size * 0.4), Point(x - w * 0.08, y - size * 0.4)],
                       RGB(0.95, 0.4, 0.05), owner: owner)
            scene.draw(Shape.rect(x - w * 0.3, y - size * 0.22, w * 0.6, size * 0.06), RGB(0.95, 0.95, 0.95), owner: owner)
        default:  // abstract blob
            scene.draw(Shape.ellipse(x, y - size * 0.3, size * r.uniform(0.15, 0.4), size * 0.3, rotation: r.uniform(-1, 1)), color, owner: owner)
        }
    }

    /// Camera response for a finished scene: exposure, white balance, light ramp, vignette, noise.
    static func develop(_ scene: inout SceneBuilder, noise: ClosedRange<Float> = 0.005...0.03) {
        var r = scene.random
        let exposure = r.uniform(0.7, 1.25)
        let tint = RGB(r.uniform(0.92, 1.08), r.uniform(0.95, 1.05), r.uniform(0.9, 1.1))
        let angle = r.uniform(0, 2 * Float.pi)
        let center = Point(scene.width / 2, scene.height / 2), reach = Point(cos(angle), sin(angle)) * max(scene.width, scene.height) / 2
        let ramp = r.chance(0.6) ? (from: center - reach, to: center + reach, low: r.uniform(0.65, 0.95), high: r.uniform(1, 1.2)) : nil
        scene.canvas.develop(gain: tint * exposure, ramp: ramp, vignette: r.uniform(0, 0.35), noise: r.uniform(noise.lowerBound, noise.upperBound), random: &r)
        if r.chance(0.25) { scene.canvas.blur() }
        scene.random = r
    }
}
