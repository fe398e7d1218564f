import Foundation

/// Vehicles, bicycles and road signs for the street scenes.
enum StreetObjects {
    /// A vehicle as projected boxes (body, cabin, wheels) with lights, windows and plate on the
    /// faces that turn toward the camera. `type`: 0 sedan, 1 SUV, 2 van, 3 box truck, 4 bus, 5 hatchback.
    static func vehicle(_ scene: inout SceneBuilder, camera: StreetCamera, x: Float, z: Float, yaw: Float, type: Int,
                        color: RGB, owner: Int32) {
        let dims: [(w: Float, l: Float, body: Float, cabin: Float, cabinLength: Float, cabinOffset: Float)] = [
            (1.8, 4.6, 0.7, 0.6, 0.5, -0.03), (1.9, 4.7, 0.95, 0.75, 0.62, -0.1), (2.0, 5.0, 1.0, 0.95, 0.8, 0.06),
            (2.4, 7.0, 2.6, 0, 0, 0), (2.5, 11.0, 2.7, 0, 0, 0), (1.75, 4.0, 0.7, 0.62, 0.62, -0.12),
        ]
        let d = dims[type]
        let c = cos(yaw), s = sin(yaw)
        func at(_ forward: Float) -> (Float, Float) { (x + forward * s, z + forward * c) }
        let glass = RGB(0.12, 0.15, 0.2)
        // Ground shadow.
        let shadowBox = WorldBox(x: x, z: z, yaw: yaw, width: d.w * 1.15, height: 0.01, length: d.l * 1.05)
        let shadow = shadowBox.corners(face: 4).compactMap(camera.project)
        if shadow.count == 4 { scene.draw([shadow], .solid(RGB(0, 0, 0)), opacity: 0.45) }
        // Wheels first: the body covers their tops.
        for (fx, fz) in [(-1, -1), (1, -1), (-1, 1), (1, 1)] as [(Float, Float)] {
            let (wx, wz) = at(fz * d.l * 0.33)
            let wheel = WorldBox(x: wx + fx * (d.w / 2 - 0.2) * c, z: wz - fx * (d.w / 2 - 0.2) * s, yaw: yaw,
                                 width: 0.25, height: 0.68, length: 0.68)
            drawBox(&scene, camera: camera, box: wheel, owner: owner) { _ in .solid(RGB(0.05, 0.05, 0.06)) }
        }
        let body = WorldBox(x: x, z: z, yaw: yaw, width: d.w, height: d.body, length: d.l, base: type >= 3 ? 0.7 : 0.32)
        let shade: (Int) -> Paint = { face in .solid(face == 4 ? color * 1.12 : face >= 2 ? color : color * 0.9) }
        if type == 3 {
            // Box truck: cargo box behind, cab in front.
            let (bx, bz) = at(-d.l * 0.13)
            let cargo = WorldBox(x: bx, z: bz, yaw: yaw, width: d.w, height: 2.6, length: d.l * 0.74, base: 0.8)
            let (cx, cz) = at(d.l * 0.37)
            let cab = WorldBox(x: cx, z: cz, yaw: yaw, width: d.w * 0.95, height: 1.9, length: d.l * 0.24, base: 0.7)
            let cargoColor = scene.random.chance(0.6) ? RGB(0.9, 0.9, 0.88) : color
            let parts = [(cargo, cargoColor), (cab, color)].sorted { distance($0.0) > distance($1.0) }
            for (box, paint) in parts {
                drawBox(&scene, camera: camera, box: box, owner: owner) { face in .solid(face == 4 ? paint * 1.1 : paint * (face >= 2 ? 1 : 0.9)) }
                decorate(&scene, camera: camera, box: box, owner: owner, windows: box.height < 2.5, bus: false)
            }
            return
        }
        drawBox(&scene, camera: camera, box: body, owner: owner, paint: shade)
        decorate(&scene, camera: camera, box: body, owner: owner, windows: type == 4, bus: type == 4)
        if d.cabin > 0 {
            let (cx, cz) = at(d.cabinOffset * d.l)
            let cabin = WorldBox(x: cx, z: cz, yaw: yaw, width: d.w * 0.86, height: d.cabin, length: d.l * d.cabinLength, base: body.base + body.height)
            drawBox(&scene, camera: camera, box: cabin, owner: owner) { face in .solid(face == 4 ? color * 1.12 : glass) }
            for face in 0..<4 where cabin.isVisible(face: face, cameraHeight: camera.height) {
                guard let f = projectFace(camera, cabin, face) else { continue }
                // Pillars in body colour around the glass.
                scene.draw(f.quad(0, 0, 0.06, 1), color * 0.95, owner: owner)
                scene.draw(f.quad(0.94, 0, 1, 1), color * 0.95, owner: owner)
                scene.draw(f.quad(0, 0.9, 1, 1), color, owner: owner)
                scene.draw(f.quad(0.1, 0.1, 0.9, 0.85), .linear(p0: f.point(0.5, 0.85), p1: f.point(0.5, 0.1), c0: RGB(0.55, 0.62, 0.7), c1: glass),
                           opacity: 0.5, owner: owner)
            }
        }
    }

    private static func distance(_ box: WorldBox) -> Float { box.z * box.z + box.x * box.x }

    private static func projectFace(_ camera: StreetCamera, _ box: WorldBox, _ face: Int) -> ProjectedFace? {
        let points = box.corners(face: face).compactMap(camera.project)
        return points.count == 4 ? ProjectedFace(corners: points) : nil
    }

    /// Paints the visible faces of a box.
    static func drawBox(_ scene: inout SceneBuilder, camera: StreetCamera, box: WorldBox, owner: Int32?, paint: (Int) -> Paint) {
        for face in 0..<5 where box.isVisible(face: face, cameraHeight: camera.height) {
            if let f = projectFace(camera, box, face) { scene.draw([f.corners], paint(face), owner: owner) }
        }
    }

    /// Lights, plate, bumper and (buses, cabs) window bands on the visible faces of a vehicle body.
    private static func decorate(_ scene: inout SceneBuilder, camera: StreetCamera, box: WorldBox, owner: Int32, windows: Bool, bus: Bool) {
        for face in 0..<4 where box.isVisible(face: face, cameraHeight: camera.height) {
            guard let f = projectFace(camera, box, face) else { continue }
            if windows {
                scene.draw(f.quad(0.05, bus ? 0.45 : 0.5, 0.95, 0.88), RGB(0.12, 0.15, 0.2), owner: owner)
            }
            switch face {
            case 0:  // rear: tail lights, plate, bumper
                let top: Float = bus ? 0.35 : 0.85, bottom: Float = bus ? 0.15 : 0.55
                scene.draw(f.quad(0.03, bottom, 0.2, top), RGB(0.75, 0.05, 0.05), owner: owner)
                scene.draw(f.quad(0.8, bottom, 0.97, top), RGB(0.75, 0.05, 0.05), owner: owner)
                scene.draw(f.quad(0.38, 0.22, 0.62, 0.42), RGB(0.92, 0.92, 0.85), owner: owner)
                scene.draw(f.quad(0, 0, 1, 0.16), RGB(0.12, 0.12, 0.13), owner: owner)
            case 1:  // front: headlights, grille, plate
                let top: Float = bus ? 0.3 : 0.78, bottom: Float = bus ? 0.12 : 0.5
                scene.draw(f.quad(0.04, bottom, 0.24, top), RGB(0.95, 0.95, 0.85), owner: owner)
                scene.draw(f.quad(0.76, bottom, 0.96, top), RGB(0.95, 0.95, 0.85), owner: owner)
                scene.draw(f.quad(0.3, bottom - 0.1, 0.7, top - 0.05), RGB(0.08, 0.08, 0.09), owner: owner)
                scene.draw(f.quad(0.4, 0.1, 0.6, 0.25), RGB(0.92, 0.92, 0.85), owner: owner)
            default:  // sides: a door line and a dark sill
                scene.draw(f.quad(0, 0, 1, 0.12), RGB(0.1, 0.1, 0.1), opacity: 0.6, owner: owner)
                if !bus { scene.draw(f.quad(0.49, 0.12, 0.51, 0.95), RGB(0, 0, 0), opacity: 0.35, owner: owner) }
            }
        }
    }

    /// A bicycle `scale` pixels per metre with its ground contact at `ground`. `side`: seen from the
    /// side (facing ±1) or, when 0, from behind. Returns where the saddle is.
    @discardableResult
    static func bicycle(_ scene: inout SceneBuilder, ground: Point, scale: Float, facing: Float, color: RGB, owner: Int32) -> Point {
        let dark = RGB(0.06, 0.06, 0.07)
        let r = 0.34 * scale
        if facing == 0 {
            // From behind: a thin wheel, the frame above it and handlebars.
            scene.draw(Shape.ellipse(ground.x, ground.y - r, max(0.03 * scale, 0.8), r), dark, owner: owner)
            scene.draw(Shape.line(Point(ground.x, ground.y - r), Point(ground.x, ground.y - 0.95 * scale), width: max(0.05 * scale, 0.8)), color, owner: owner)
            scene.draw(Shape.line(Point(ground.x - 0.25 * scale, ground.y - 1.0 * scale), Point(ground.x + 0.25 * scale, ground.y - 1.0 * scale),
                                  width: max(0.035 * scale, 0.7)), dark, owner: owner)
            return Point(ground.x, ground.y - 0.93 * scale)
        }
        let rear = Point(ground.x - facing * 0.52 * scale, ground.y - r), front = Point(ground.x + facing * 0.52 * scale, ground.y - r)
        for hub in [rear, front] {
            scene.draw(Shape.ring(hub.x, hub.y, outer: r, inner: r * 0.86), .solid(dark), owner: owner)
            scene.draw(Shape.circle(hub.x, hub.y, max(0.03 * scale, 0.6)), RGB(0.6, 0.6, 0.6), owner: owner)
        }
        let crank = Point(ground.x - facing * 0.02 * scale, ground.y - 0.3 * scale)
        let seat = Point(ground.x - facing * 0.2 * scale, ground.y - 0.9 * scale)
        let head = Point(ground.x + facing * 0.38 * scale, ground.y - 0.92 * scale)
        let tube = max(0.035 * scale, 0.7)
        for (a, b) in [(rear, crank), (rear, seat), (seat, crank), (crank, head), (seat, head), (head, front)] {
            scene.draw(Shape.line(a, b, width: tube), color, owner: owner)
        }
        scene.draw(Shape.capsule(seat + Point(-facing * 0.08 * scale, -0.04 * scale), seat + Point(facing * 0.06 * scale, -0.04 * scale),
                                 0.03 * scale, 0.02 * scale), dark, owner: owner)
        scene.draw(Shape.line(head, head + Point(facing * 0.06 * scale, -0.12 * scale), width: tube), dark, owner: owner)
        return seat + Point(0, -0.05 * scale)
    }

    /// A road sign facing the camera on a pole: `(x, y)` is the foot of the pole, `scale` pixels per metre.
    /// Returns nothing; the sign face is the labeled part, the pole is clutter.
    static func roadSign(_ scene: inout SceneBuilder, foot: Point, scale: Float, className: String) {
        let kind = scene.random.int(in: 0...5)
        let poleHeight = scene.random.uniform(2.0, 2.6) * scale
        let size = scene.random.uniform(0.6, 0.9) * scale
        let top = Point(foot.x, foot.y - poleHeight)
        scene.draw(Shape.rect(foot.x - max(0.04 * scale, 0.6), top.y, max(0.08 * scale, 1.2), poleHeight), RGB(0.55, 0.56, 0.58), owner: Canvas.clutter)
        let owner = scene.begin(className)
        let c = Point(foot.x, top.y - size * 0.45), r = size / 2
        let red = RGB(0.8, 0.08, 0.1), white = RGB(0.95, 0.95, 0.95), blue = RGB(0.1, 0.3, 0.75)
        switch kind {
        case 0:  // prohibition / speed limit: red ring, white inside, a black bar or figure
            scene.draw(Shape.circle(c.x, c.y, r), red, owner: owner)
            scene.draw(Shape.circle(c.x, c.y, r * 0.75), white, owner: owner)
            scene.draw(Shape.rect(c.x - r * 0.35, c.y - r * 0.3, r * 0.25, r * 0.6), RGB(0.05, 0.05, 0.05), owner: owner)
            scene.draw(Shape.ring(c.x + r * 0.18, c.y, outer: r * 0.3, inner: r * 0.17), .solid(RGB(0.05, 0.05, 0.05)), owner: owner)
        case 1:  // warning triangle
            scene.draw(Shape.regular(c.x, c.y + r * 0.15, r * 1.1, sides: 3), red, owner: owner)
            scene.draw(Shape.regular(c.x, c.y + r * 0.2, r * 0.75, sides: 3), white, owner: owner)
            scene.draw(Shape.rect(c.x - r * 0.07, c.y - r * 0.1, r * 0.14, r * 0.45), RGB(0.05, 0.05, 0.05), owner: owner)
        case 2:  // stop octagon
            scene.draw(Shape.regular(c.x, c.y, r, sides: 8, rotation: .pi / 8), red, owner: owner)
            scene.draw(Shape.rect(c.x - r * 0.6, c.y - r * 0.12, r * 1.2, r * 0.24), white, owner: owner)
        case 3:  // mandatory: blue disc with a white arrow
            scene.draw(Shape.circle(c.x, c.y, r), blue, owner: owner)
            scene.draw([Point(c.x - r * 0.12, c.y + r * 0.5), Point(c.x + r * 0.12, c.y + r * 0.5), Point(c.x + r * 0.12, c.y - r * 0.1),
                        Point(c.x + r * 0.35, c.y - r * 0.1), Point(c.x, c.y - r * 0.55), Point(c.x - r * 0.35, c.y - r * 0.1),
                        Point(c.x - r * 0.12, c.y - r * 0.1)], white, owner: owner)
        case 4:  // diamond (priority / work zone)
            let yellow = scene.random.chance(0.5) ? RGB(0.95, 0.75, 0.05) : RGB(0.95, 0.5, 0.05)
            scene.draw(Shape.regular(c.x, c.y, r * 1.05, sides: 4), RGB(0.1, 0.1, 0.1), owner: owner)
            scene.draw(Shape.regular(c.x, c.y, r * 0.9, sides: 4), yellow, owner: owner)
        default:  // rectangular direction sign with text lines
            let green = scene.random.chance(0.5) ? RGB(0.05, 0.45, 0.2) : blue
            scene.draw(Shape.roundedRect(c.x - r * 1.3, c.y - r * 0.7, r * 2.6, r * 1.4, r * 0.1), green, owner: owner)
            for k in 0..<2 {
                scene.draw(Shape.rect(c.x - r * 1.0, c.y - r * 0.4 + Float(k) * r * 0.45, r * scene.random.uniform(1.2, 2.0), r * 0.2), white, owner: owner)
            }
        }
    }
}
