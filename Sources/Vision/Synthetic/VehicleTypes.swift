import Foundation

/// VehicleTypeNet's classes as side views whose silhouettes tell them apart: a low two-door coupé
/// with a fastback, a three-box sedan, a tall boxy SUV, a one-box van, a pickup truck with an open
/// bed, and large vehicles (buses and box trucks). Colour, scale, viewpoint (mirrored, 3/4
/// foreshortening), background, neighbours and lighting vary.
enum VehicleTypes {
    static let classes = ["coupe", "largevehicle", "sedan", "suv", "truck", "van"]

    /// One body type: the profile (x from the rear bumper forward, y up, metres), wheels and windows.
    private struct Body {
        var length: Float
        var profile: [Point]
        var wheels: [Float]
        var wheelRadius: Float
        var windows: [[Point]]
        var doors: [Float]
    }

    private static func body(_ name: String, _ r: inout SeededRandom) -> Body {
        func jitter(_ v: Float, _ amount: Float = 0.04) -> Float { v * (1 + r.uniform(-amount, amount)) }
        switch name {
        case "coupe":
            let l = jitter(4.4), roof = jitter(1.28)
            return Body(length: l,
                        profile: [Point(0, 0.3), Point(0, 0.75), Point(0.25, 0.88), Point(l * 0.18, 0.95), Point(l * 0.45, roof),
                                  Point(l * 0.58, roof * 0.98), Point(l * 0.7, 0.92), Point(l * 0.96, 0.75), Point(l, 0.55), Point(l, 0.3)],
                        wheels: [l * 0.2, l * 0.78], wheelRadius: 0.32,
                        windows: [[Point(l * 0.3, 0.95), Point(l * 0.45, roof - 0.07), Point(l * 0.57, roof - 0.08), Point(l * 0.66, 0.95)]],
                        doors: [l * 0.4, l * 0.68])
        case "sedan":
            let l = jitter(4.8), roof = jitter(1.45)
            return Body(length: l,
                        profile: [Point(0, 0.32), Point(0, 0.82), Point(l * 0.2, 0.95), Point(l * 0.31, roof), Point(l * 0.6, roof),
                                  Point(l * 0.74, 0.97), Point(l * 0.97, 0.82), Point(l, 0.55), Point(l, 0.32)],
                        wheels: [l * 0.19, l * 0.79], wheelRadius: 0.33,
                        windows: [[Point(l * 0.24, 0.97), Point(l * 0.32, roof - 0.07), Point(l * 0.45, roof - 0.07), Point(l * 0.45, 0.97)],
                                  [Point(l * 0.47, 0.97), Point(l * 0.47, roof - 0.07), Point(l * 0.59, roof - 0.07), Point(l * 0.7, 0.97)]],
                        doors: [l * 0.31, l * 0.46, l * 0.7])
        case "suv":
            let l = jitter(4.8), roof = jitter(1.8)
            return Body(length: l,
                        profile: [Point(0, 0.45), Point(0.05, roof * 0.95), Point(l * 0.08, roof), Point(l * 0.68, roof), Point(l * 0.8, 1.2),
                                  Point(l * 0.98, 1.08), Point(l, 0.75), Point(l, 0.45)],
                        wheels: [l * 0.18, l * 0.8], wheelRadius: 0.41,
                        windows: [[Point(l * 0.06, 1.2), Point(l * 0.06, roof - 0.1), Point(l * 0.24, roof - 0.1), Point(l * 0.24, 1.2)],
                                  [Point(l * 0.26, 1.2), Point(l * 0.26, roof - 0.1), Point(l * 0.46, roof - 0.1), Point(l * 0.46, 1.2)],
                                  [Point(l * 0.48, 1.2), Point(l * 0.48, roof - 0.1), Point(l * 0.67, roof - 0.1), Point(l * 0.77, 1.2)]],
                        doors: [l * 0.25, l * 0.47, l * 0.76])
        case "van":
            let l = jitter(5.0), roof = jitter(2.05)
            return Body(length: l,
                        profile: [Point(0, 0.35), Point(0, roof * 0.98), Point(0.1, roof), Point(l * 0.78, roof), Point(l * 0.9, 1.25),
                                  Point(l * 0.99, 1.1), Point(l, 0.6), Point(l, 0.35)],
                        wheels: [l * 0.17, l * 0.82], wheelRadius: 0.35,
                        windows: r.chance(0.5)
                            ? [[Point(l * 0.66, 1.25), Point(l * 0.66, roof - 0.15), Point(l * 0.79, roof - 0.15), Point(l * 0.88, 1.25)]]
                            : [[Point(l * 0.04, 1.3), Point(l * 0.04, roof - 0.15), Point(l * 0.62, roof - 0.15), Point(l * 0.62, 1.3)],
                               [Point(l * 0.66, 1.25), Point(l * 0.66, roof - 0.15), Point(l * 0.79, roof - 0.15), Point(l * 0.88, 1.25)]],
                        doors: [l * 0.35, l * 0.64, l * 0.88])
        case "truck":
            let l = jitter(5.5), cab = jitter(1.9)
            return Body(length: l,
                        profile: [Point(0, 0.5), Point(0, 1.2), Point(l * 0.36, 1.2), Point(l * 0.37, cab), Point(l * 0.62, cab),
                                  Point(l * 0.72, 1.3), Point(l * 0.98, 1.22), Point(l, 0.8), Point(l, 0.5)],
                        wheels: [l * 0.18, l * 0.8], wheelRadius: 0.42,
                        windows: [[Point(l * 0.4, 1.32), Point(l * 0.4, cab - 0.1), Point(l * 0.61, cab - 0.1), Point(l * 0.69, 1.32)]],
                        doors: [l * 0.37, l * 0.69])
        default:  // largevehicle: a bus or a box truck
            if r.chance(0.5) {
                let l = jitter(11), roof = jitter(3.1)
                var windows: [[Point]] = []
                var x: Float = 0.4
                while x < l * 0.86 {
                    windows.append([Point(x, 1.6), Point(x, roof - 0.35), Point(x + 1.1, roof - 0.35), Point(x + 1.1, 1.6)])
                    x += 1.3
                }
                windows.append([Point(l * 0.9, 1.0), Point(l * 0.9, roof - 0.3), Point(l * 0.985, roof - 0.3), Point(l * 0.985, 1.0)])
                return Body(length: l,
                            profile: [Point(0, 0.35), Point(0, roof - 0.2), Point(0.2, roof), Point(l - 0.3, roof), Point(l, roof - 0.4), Point(l, 0.35)],
                            wheels: [l * 0.2, l * 0.78], wheelRadius: 0.5, windows: windows, doors: [l * 0.86])
            }
            let l = jitter(8), box = jitter(3.4)
            return Body(length: l,
                        profile: [Point(0, 0.8), Point(0, box), Point(l * 0.74, box), Point(l * 0.74, 2.5), Point(l * 0.88, 2.5),
                                  Point(l * 0.97, 1.6), Point(l, 1.4), Point(l, 0.6), Point(l * 0.74, 0.6), Point(l * 0.74, 0.8)],
                        wheels: [l * 0.12, l * 0.25, l * 0.85], wheelRadius: 0.5,
                        windows: [[Point(l * 0.78, 1.65), Point(l * 0.78, 2.35), Point(l * 0.87, 2.35), Point(l * 0.94, 1.65)]],
                        doors: [l * 0.76])
        }
    }

    static func render(_ classIndex: Int, width: Int, height: Int, random: inout SeededRandom) -> Image {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let ground = VehicleCrop.background(&scene)
        if scene.random.chance(0.3) { VehicleCrop.neighbour(&scene, ground: ground) }
        var r = scene.random
        let shape = body(classes[classIndex], &r)
        let color = Palette.carPaint(&r)
        let mirror = r.chance(0.5)
        let foreshorten = r.chance(0.4) ? r.uniform(0.7, 0.95) : 1
        let fill = r.uniform(0.72, 0.98)
        let rim = Palette.gray(&r, 0.5, 0.85)
        let endColor = color * 0.8
        scene.random = r
        // Fit the length to the frame; the car's ground line sits a little below the scene's.
        let scale = scene.width * fill / (shape.length * foreshorten)
        let groundY = min(ground + scene.height * scene.random.uniform(0.1, 0.3), scene.height * 0.97)
        let left = (scene.width - shape.length * foreshorten * scale) / 2 + scene.random.uniform(-0.05, 0.05) * scene.width
        func place(_ p: Point) -> Point {
            let x = mirror ? shape.length - p.x : p.x
            return Point(left + x * foreshorten * scale, groundY - p.y * scale)
        }
        scene.shadow(scene.width / 2, groundY, shape.length * foreshorten * scale * 0.55, scale * 0.15, strength: 0.5)
        // In 3/4 view the nearer end face shows beside the profile.
        let outline = shape.profile.map(place)
        if foreshorten < 1 {
            let endX = mirror ? outline.map(\.x).min()! : outline.map(\.x).max()!
            let depth = (1 - foreshorten) * scale * 1.8 * (mirror ? -1 : 1)
            let top = outline.filter { abs($0.x - endX) < scale * 0.6 }.map(\.y).min() ?? groundY - scale
            scene.draw([Point(endX, groundY - shape.profile[0].y * scale), Point(endX + depth, groundY - shape.profile[0].y * scale + scale * 0.05),
                        Point(endX + depth, top + scale * 0.15), Point(endX, top)], endColor)
            scene.draw(Shape.rect(min(endX, endX + depth * 0.8), top + scale * 0.3, abs(depth) * 0.8, scale * 0.2), RGB(0.95, 0.9, 0.7), opacity: 0.8)
        }
        scene.draw(outline, .linear(p0: Point(0, groundY - scale * 2), p1: Point(0, groundY), c0: color * 1.15, c1: color * 0.75))
        for window in shape.windows {
            scene.draw(window.map(place), .linear(p0: place(Point(0, 2)), p1: place(Point(0, 0.8)), c0: RGB(0.5, 0.58, 0.68), c1: RGB(0.08, 0.1, 0.14)))
        }
        for x in shape.doors {
            scene.draw(Shape.line(place(Point(x, 0.35)), place(Point(x, 1.25)), width: max(scale * 0.02, 0.6)), RGB(0, 0, 0), opacity: 0.45)
        }
        // Bumpers, lights, sill.
        let frontX: Float = shape.length, rearX: Float = 0
        scene.draw(Shape.line(place(Point(rearX + 0.05, 0.45)), place(Point(frontX - 0.05, 0.45)), width: scale * 0.08), color * 0.6, opacity: 0.6)
        scene.draw(Shape.circle(place(Point(frontX - 0.12, 0.75)).x, place(Point(frontX - 0.12, 0.75)).y, scale * 0.1), RGB(0.95, 0.92, 0.75))
        scene.draw(Shape.circle(place(Point(rearX + 0.1, 0.85)).x, place(Point(rearX + 0.1, 0.85)).y, scale * 0.09), RGB(0.8, 0.08, 0.05))
        for x in shape.wheels {
            let c = place(Point(x, shape.wheelRadius))
            scene.draw(Shape.circle(c.x, c.y, shape.wheelRadius * scale * 1.15), RGB(0.04, 0.04, 0.05), opacity: 0.9)
            VehicleCrop.wheel(&scene, c, radius: shape.wheelRadius * scale, rim: rim)
        }
        if scene.random.chance(0.15) { VehicleCrop.neighbour(&scene, ground: groundY + scene.height * 0.1) }  // occluder in front
        Backdrop.develop(&scene)
        random = scene.random
        return scene.canvas.image()
    }
}
