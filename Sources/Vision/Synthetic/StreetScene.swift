import Foundation

/// Road scenes: TrafficCamNet's view from a mast above the road and DashCamNet's view from a
/// car's windscreen. Cars (sedans to buses, both directions, parked), cyclists, pedestrians and
/// road signs stand in a 3-D street, so size, position and viewpoint follow the perspective.
enum StreetScene {
    static let trafficClasses = ["car", "bicycle", "person", "road_sign"]
    static let dashcamClasses = ["car", "bicycle", "person", "roadsign"]

    static func renderTraffic(width: Int, height: Int, random: SeededRandom) -> SceneBuilder {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let w = scene.width, h = scene.height
        let camera = StreetCamera(focal: w * scene.random.uniform(0.8, 1.3), height: scene.random.uniform(5, 11),
                                  centerX: w * scene.random.uniform(0.35, 0.65), horizon: h * scene.random.uniform(-0.05, 0.22))
        render(&scene, camera: camera, classes: trafficClasses, dashcam: false)
        return scene
    }

    static func renderDashcam(width: Int, height: Int, random: SeededRandom) -> SceneBuilder {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let w = scene.width, h = scene.height
        let camera = StreetCamera(focal: w * scene.random.uniform(0.6, 0.95), height: scene.random.uniform(1.15, 1.6),
                                  centerX: w * scene.random.uniform(0.45, 0.55), horizon: h * scene.random.uniform(0.38, 0.52))
        render(&scene, camera: camera, classes: dashcamClasses, dashcam: true)
        return scene
    }

    private static func render(_ scene: inout SceneBuilder, camera: StreetCamera, classes: [String], dashcam: Bool) {
        let w = scene.width, h = scene.height
        let lanes = scene.random.int(in: 2...5), laneWidth: Float = 3.5
        let roadLeft: Float = dashcam ? -laneWidth * (Float(lanes) - 0.5 - Float(scene.random.int(in: 0...(lanes - 1)))) : scene.random.uniform(-8, -2)
        let roadRight = roadLeft + Float(lanes) * laneWidth
        let sidewalk: Float = scene.random.uniform(2, 4)
        let nearZ = camera.distance(atRow: h), farZ: Float = dashcam ? 120 : 90

        // Sky, ground, road, markings.
        if camera.horizon > 0 { Backdrop.sky(&scene, horizon: camera.horizon) }
        Backdrop.ground(&scene, horizon: max(camera.horizon, 0), kind: scene.random.pick([1, 2, 3]))
        func groundQuad(_ x0: Float, _ x1: Float, _ z0: Float, _ z1: Float) -> [Point] {
            [SIMD3(x0, 0, z0), SIMD3(x1, 0, z0), SIMD3(x1, 0, z1), SIMD3(x0, 0, z1)].compactMap(camera.project)
        }
        var r = scene.random
        let asphalt = Palette.gray(&r, 0.2, 0.4), curb = Palette.gray(&r, 0.5, 0.75)
        let noise = ValueNoise(random: &r)
        scene.random = r
        for (x0, x1) in [(roadLeft - sidewalk, roadLeft), (roadRight, roadRight + sidewalk)] {
            scene.draw(groundQuad(x0, x1, nearZ * 0.8, farZ * 3), .textured(curb, amplitude: 0.2, scale: 6, noise: noise))
        }
        scene.draw(groundQuad(roadLeft, roadRight, nearZ * 0.8, farZ * 3), .textured(asphalt, amplitude: 0.35, scale: 4, noise: noise))
        for k in 1..<lanes {
            let x = roadLeft + Float(k) * laneWidth
            var z = nearZ * 0.8 + scene.random.uniform(0, 6)
            while z < farZ {
                scene.draw(groundQuad(x - 0.07, x + 0.07, z, z + 3), RGB(0.9, 0.9, 0.85), opacity: 0.85)
                z += 9
            }
        }
        for x in [roadLeft + 0.2, roadRight - 0.2] {
            scene.draw(groundQuad(x - 0.08, x + 0.08, nearZ * 0.8, farZ * 3), RGB(0.92, 0.9, 0.8), opacity: 0.8)
        }
        let crossing = scene.random.chance(0.4) ? scene.random.uniform(nearZ + 3, nearZ + 25) : nil
        if let crossing {
            var x = roadLeft + 0.3
            while x < roadRight - 0.5 {
                scene.draw(groundQuad(x, x + 0.5, crossing, crossing + 3), RGB(0.9, 0.9, 0.88), opacity: 0.9)
                x += 1
            }
        }

        // Everything that stands up, drawn far to near.
        enum Item { case car(x: Float, yaw: Float), pedestrian(x: Float), cyclist(x: Float, yaw: Float), sign(x: Float),
                    tree(x: Float), building(x: Float, width: Float, depth: Float), clutter(x: Float) }
        var items: [(z: Float, item: Item)] = []
        // Distances lean toward the camera so that near, large objects are common too.
        func randomZ(_ near: Float = 0) -> Float {
            let low = max(nearZ, 3) + near
            return low + (farZ - low) * pow(scene.random.uniform(0, 1), 1.6)
        }
        for _ in 0..<scene.random.int(in: 2...9) {
            let lane = scene.random.index(lanes)
            let x = roadLeft + (Float(lane) + 0.5) * laneWidth + scene.random.uniform(-0.4, 0.4)
            let oncoming = dashcam ? x < -laneWidth / 2 : scene.random.chance(0.5)
            let yaw = (oncoming ? Float.pi : 0) + scene.random.uniform(-0.06, 0.06) + (scene.random.chance(0.1) ? scene.random.uniform(-0.8, 0.8) : 0)
            items.append((randomZ(2), .car(x: x, yaw: yaw)))
        }
        for _ in 0..<scene.random.int(in: 0...3) {  // parked along a curb
            let right = scene.random.chance(0.5)
            items.append((randomZ(2), .car(x: right ? roadRight - 1.2 : roadLeft + 1.2, yaw: scene.random.uniform(-0.05, 0.05) + (right ? 0 : .pi))))
        }
        for _ in 0..<scene.random.int(in: 0...6) {
            let x: Float
            if let crossing, scene.random.chance(0.3) {
                items.append((crossing + scene.random.uniform(0.5, 2.5), .pedestrian(x: scene.random.uniform(roadLeft, roadRight))))
                continue
            } else {
                x = scene.random.chance(0.5) ? scene.random.uniform(roadLeft - sidewalk, roadLeft) : scene.random.uniform(roadRight, roadRight + sidewalk)
            }
            items.append((randomZ(), .pedestrian(x: x)))
        }
        for _ in 0..<scene.random.int(in: 0...2) {
            let x = scene.random.chance(0.7) ? roadRight - scene.random.uniform(0.6, 1.4) : roadLeft + scene.random.uniform(0.6, 1.4)
            let crossingRoad = scene.random.chance(0.25)
            items.append((randomZ(2), .cyclist(x: crossingRoad ? scene.random.uniform(roadLeft, roadRight) : x,
                                               yaw: crossingRoad ? (scene.random.chance(0.5) ? .pi / 2 : -.pi / 2) : (x > 0 ? 0 : .pi))))
        }
        for _ in 0..<scene.random.int(in: 0...3) {
            let x = scene.random.chance(0.6) ? roadRight + scene.random.uniform(0.3, sidewalk) : roadLeft - scene.random.uniform(0.3, sidewalk)
            items.append((randomZ(3), .sign(x: x)))
        }
        for _ in 0..<scene.random.int(in: 0...5) {
            let x = scene.random.chance(0.5) ? roadRight + sidewalk + scene.random.uniform(0.5, 6) : roadLeft - sidewalk - scene.random.uniform(0.5, 6)
            items.append((randomZ(), .tree(x: x)))
        }
        var z = nearZ
        while z < farZ * 1.5 {
            let depth = scene.random.uniform(8, 25)
            for side: Float in [-1, 1] where scene.random.chance(0.8) {
                let edge = side > 0 ? roadRight + sidewalk + scene.random.uniform(1, 8) : roadLeft - sidewalk - scene.random.uniform(1, 8)
                items.append((z + depth / 2 + 50, .building(x: edge + side * 6, width: 12, depth: depth * 0.9)))
            }
            z += depth
        }
        for _ in 0..<scene.random.int(in: 0...3) {
            let x = scene.random.chance(0.5) ? roadRight + scene.random.uniform(0.2, sidewalk) : roadLeft - scene.random.uniform(0.2, sidewalk)
            items.append((randomZ(), .clutter(x: x)))
        }
        items.sort { $0.z > $1.z }

        for (z, item) in items {
            let ppm = camera.scale(atDistance: z)
            switch item {
            case .car(let x, let yaw):
                let owner = scene.begin(classes[0])
                let type = scene.random.pick([0, 0, 0, 1, 1, 2, 5, 5, 3, 4])
                let color = Palette.carPaint(&scene.random)
                StreetObjects.vehicle(&scene, camera: camera, x: x, z: z, yaw: yaw, type: type, color: color, owner: owner)
            case .pedestrian(let x):
                guard let feet = camera.project(SIMD3(x, 0, z)) else { continue }
                PeopleScene.pedestrian(&scene, feet: feet, height: ppm * scene.random.uniform(1.5, 1.9), className: classes[2])
            case .cyclist(let x, let yaw):
                guard let ground = camera.project(SIMD3(x, 0, z)) else { continue }
                cyclist(&scene, ground: ground, ppm: ppm, yaw: yaw, classes: classes)
            case .sign(let x):
                guard let foot = camera.project(SIMD3(x, 0, z)) else { continue }
                StreetObjects.roadSign(&scene, foot: foot, scale: ppm, className: classes[3])
            case .tree(let x):
                guard let base = camera.project(SIMD3(x, 0, z)) else { continue }
                Backdrop.tree(&scene, x: base.x, y: base.y, height: ppm * scene.random.uniform(4, 9), owner: Canvas.clutter)
            case .building(let x, let width, let depth):
                var rr = scene.random
                let wall = rr.chance(0.5) ? Palette.muted(&rr) : Palette.gray(&rr, 0.35, 0.8)
                let floors = rr.int(in: 2...8)
                scene.random = rr
                let box = WorldBox(x: x, z: z - 50, yaw: 0, width: width, height: Float(floors) * 3.2, length: depth)
                StreetObjects.drawBox(&scene, camera: camera, box: box, owner: Canvas.clutter) { face in
                    .solid(face == 4 ? wall * 0.7 : face >= 2 ? wall * 0.85 : wall)
                }
            case .clutter(let x):
                guard let base = camera.project(SIMD3(x, 0, z)) else { continue }
                Backdrop.clutter(&scene, x: base.x, y: base.y, size: ppm * scene.random.uniform(0.8, 3))
            }
        }
        if dashcam && scene.random.chance(0.35) {
            // The ego car's bonnet at the bottom edge.
            let top = h * scene.random.uniform(0.88, 0.95)
            let hood = Palette.carPaint(&scene.random) * 0.8
            scene.draw([Point(-10, h + 1), Point(w + 10, h + 1), Point(w * 0.85, top), Point(w * 0.15, top)],
                       .linear(p0: Point(0, top), p1: Point(0, h), c0: hood * 1.3, c1: hood * 0.7), owner: Canvas.clutter)
        }
        Backdrop.develop(&scene)
    }

    /// A cyclist: the bicycle and its rider are separate labels.
    private static func cyclist(_ scene: inout SceneBuilder, ground: Point, ppm: Float, yaw: Float, classes: [String]) {
        let facing: Float = abs(sin(yaw)) > 0.7 ? (sin(yaw) > 0 ? 1 : -1) : 0
        var r = scene.random
        let frame = Palette.vivid(&r)
        let style = PersonStyle.random(&r)
        scene.random = r
        scene.shadow(ground.x, ground.y, ppm * (facing == 0 ? 0.3 : 0.9), ppm * 0.12)
        let bike = scene.begin(classes[1])
        let seat = StreetObjects.bicycle(&scene, ground: ground, scale: ppm, facing: facing, color: frame, owner: bike)
        // Rider: hips on the saddle, hands forward on the bars, one leg up, one down.
        let riderYaw: Float = facing == 0 ? (cos(yaw) > 0 ? .pi : 0) : facing * .pi / 2
        var pose = PersonPose(yaw: riderYaw, lean: -facing * 0.35, headTurn: 0,
                              arms: [SIMD3(0.1, 1.0, 0.3), SIMD3(0.1, 1.0, 0.3)],
                              legs: [SIMD3(0.1, 1.2, 1.5), SIMD3(0.1, 0.6, 0.6)])
        if facing == 0 { pose.lean = 0 }
        let height = ppm * 1.75
        let probe = PersonFigure(feet: Point(0, 0), height: height, pose: pose)
        let hips = (probe.joints[11] + probe.joints[12]) / 2
        let figure = PersonFigure(feet: seat - hips, height: height, pose: pose)
        let owner = scene.begin(classes[2])
        figure.draw(in: &scene, style: style, owner: owner)
    }
}
