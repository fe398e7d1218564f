import Foundation

/// The surroundings of a vehicle crop (what a detector's box around a car contains): road,
/// kerb, buildings or sky behind, sometimes a neighbouring vehicle, then camera effects.
enum VehicleCrop {
    /// Paints the background and returns the ground line's y.
    static func background(_ scene: inout SceneBuilder) -> Float {
        let w = scene.width, h = scene.height
        let ground = h * scene.random.uniform(0.55, 0.75)
        if scene.random.chance(0.5) {
            Backdrop.sky(&scene, horizon: ground)
            Backdrop.buildings(&scene, baseline: ground, maxHeight: ground * scene.random.uniform(0.5, 1.1))
        } else {
            var r = scene.random
            let wall = Palette.muted(&r)
            let noise = ValueNoise(random: &r)
            scene.random = r
            scene.draw(Shape.rect(0, 0, w, ground + 1), .textured(wall, amplitude: 0.3, scale: 25, noise: noise))
            for _ in 0..<scene.random.int(in: 0...4) { Backdrop.tree(&scene, x: scene.random.uniform(0, w), y: ground, height: ground * scene.random.uniform(0.5, 1)) }
        }
        Backdrop.ground(&scene, horizon: ground, kind: 0)
        if scene.random.chance(0.4) {  // parking lines or lane markings
            let y = scene.random.uniform(ground, h)
            scene.draw(Shape.line(Point(0, y), Point(w, y + scene.random.uniform(-20, 20)), width: scene.random.uniform(1, 4)), RGB(0.9, 0.9, 0.85), opacity: 0.7)
        }
        scene.canvas.blur(passes: scene.random.int(in: 0...2))  // the background is out of focus
        return ground
    }

    /// A neighbouring vehicle partly in frame, behind or in front of the subject.
    static func neighbour(_ scene: inout SceneBuilder, ground: Float) {
        var r = scene.random
        let color = Palette.carPaint(&r)
        let left = r.chance(0.5)
        let w = scene.width * r.uniform(0.4, 0.8), h = w * r.uniform(0.35, 0.6)
        let x = left ? -w * r.uniform(0.5, 0.85) : scene.width - w * r.uniform(0.15, 0.5)
        let y = ground + r.uniform(-0.05, 0.1) * scene.height
        scene.random = r
        scene.draw(Shape.roundedRect(x, y - h, w, h * 0.75, h * 0.15), color, owner: Canvas.clutter)
        scene.draw(Shape.roundedRect(x + w * 0.15, y - h * 1.2, w * 0.7, h * 0.5, h * 0.12), RGB(0.12, 0.14, 0.18), owner: Canvas.clutter)
        for dx: Float in [0.18, 0.82] { scene.draw(Shape.circle(x + w * dx, y - h * 0.22, h * 0.22), RGB(0.05, 0.05, 0.05), owner: Canvas.clutter) }
    }

    /// A wheel seen from the side: tyre, rim, hub.
    static func wheel(_ scene: inout SceneBuilder, _ c: Point, radius: Float, rim: RGB) {
        scene.draw(Shape.circle(c.x, c.y, radius), RGB(0.05, 0.05, 0.06))
        scene.draw(Shape.circle(c.x, c.y, radius * 0.62), .linear(p0: c - Point(0, radius), p1: c + Point(0, radius), c0: rim * 1.2, c1: rim * 0.7))
        for k in 0..<5 {
            let t = Float(k) / 5 * 2 * .pi
            scene.draw(Shape.line(c, c + Point(cos(t), sin(t)) * radius * 0.58, width: radius * 0.12), rim * 0.55)
        }
        scene.draw(Shape.circle(c.x, c.y, radius * 0.15), rim * 0.5)
    }
}
