"""The starting stretch library: target areas, stretches with their steps, and routines.

All wording here is original; the facts (which stretches, steps, doses, props, cautions)
come from the guides named in each stretch's `source`.

Loading only ever adds what is missing, matched by slug. It never changes a row that
already exists, so edits made in the admin survive running this again.
"""

from django.db import migrations
from django.db.models import Q

MAIN_GUIDE = "7 Lower Back Stretches for Pain Relief and Strengthening"
SIMPLE_GUIDE = "8 Simple Stretches To Relieve Lower Back Pain"
TEN_GUIDE = "TEN Best Stretches For Lower Back Pain And Stiffness"
ACTIVE_GUIDE = "A physical therapist's 10 active moves for lumbar pain"

SURGERY = "Had back or hip surgery recently? Check with a professional before trying this one."
NO_BOUNCING = "Ease in slowly and stay still. Don't bounce."

TARGET_AREAS = [
    ("Lower back", "lower-back"),
    ("Mid back", "mid-back"),
    ("Spine", "spine"),
    ("Glutes", "glutes"),
    ("Piriformis", "piriformis"),
    ("Hips", "hips"),
    ("Hamstrings", "hamstrings"),
    ("Hip flexors", "hip-flexors"),
    ("Thighs (quadriceps)", "quadriceps"),
    ("Inner thighs (adductors)", "adductors"),
    ("Abdominals", "abdominals"),
    ("Obliques and sides", "obliques"),
    ("Shoulders and neck", "shoulders-and-neck"),
    ("Chest", "chest"),
]

STRETCHES = [
    # The main guide's seven, in its order.
    {
        "name": "Child's pose",
        "slug": "childs-pose",
        "summary": (
            "A restful fold forward from your knees. It gently lengthens your glutes, "
            "your thighs and the muscles that run along your spine, and can ease "
            "stiffness through your back, shoulders and neck. It is calming, so it makes "
            "a good pause between other stretches."
        ),
        "kind": "static",
        "plane": "flexion",
        "starting_position": "hands-knees",
        "areas": ["glutes", "quadriceps", "spine", "lower-back", "shoulders-and-neck"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": False,
        "props": ["Rolled-up towel", "Pillow"],
        "modifications": [
            (
                "For extra support, slip a rolled towel between your belly and thighs, "
                "or under your thighs."
            ),
            "If folding feels cramped, take your knees wide apart and let a pillow hold your head.",
            "Come back to this pose between your other stretches as often as you like.",
        ],
        "cautions": [],
        "source": MAIN_GUIDE,
        "steps": [
            "Start on your hands and knees.",
            "Lower your hips back until they rest on your heels.",
            "Walk your hands forward as your chest folds down from the hips.",
            "Let your thighs take the weight of your belly.",
            "Your arms can reach ahead or rest by your sides. Turn your palms up.",
            "Breathe slowly and deeply. Let any tight spots soften.",
            "Rest here as long as a minute.",
        ],
    },
    {
        "name": "Knee-to-chest stretch",
        "slug": "knee-to-chest",
        "summary": (
            "Lying on your back, you draw one knee in toward you. Your hip, thigh and "
            "buttock get a gentle stretch, and it's a good way to wind down."
        ),
        "kind": "static",
        "plane": "flexion",
        "starting_position": "back",
        "areas": ["hips", "glutes", "lower-back"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Pillow", "Towel"],
        "modifications": [
            "Prop your head on a pillow if lying flat is uncomfortable.",
            "Can't get your hands to your leg? Loop a towel around it and hold the two ends.",
            "To go further, bring your chin in and lift your head to meet your knee.",
            "Leave the other knee bent, or slide that leg out straight. Choose what feels better.",
        ],
        "cautions": [],
        "source": MAIN_GUIDE,
        "steps": [
            "Lie face up. Bend your knees and set your feet down flat.",
            "Your left leg can stay bent or lie straight, as you like.",
            (
                "Bring your right knee up toward your chest. Hold it behind the thigh, "
                "or just below the knee."
            ),
            "Keep your hips down and feel your back grow long, right to your tailbone.",
            "Take slow, full breaths and let your body go soft.",
            "Stay for 30 seconds to a minute.",
            "Lower the leg and do the same with your left knee.",
        ],
    },
    {
        "name": "Piriformis stretch",
        "slug": "piriformis-stretch",
        "summary": (
            "Reaches the piriformis, a small muscle deep in your buttock. When it loosens, "
            "your buttocks and lower back may feel less stiff and sore."
        ),
        "kind": "static",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["piriformis", "glutes", "lower-back"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Cushion"],
        "modifications": [
            "For a gentler version, leave your lower foot on the floor instead of lifting it.",
            "A cushion under your head takes strain off your neck.",
        ],
        "cautions": [SURGERY],
        "source": MAIN_GUIDE,
        "steps": [
            "Lie face up with bent knees, both feet resting on the floor.",
            "Cross your right ankle over your left leg, just above the knee.",
            "Hold the back of your left thigh with both hands.",
            (
                "Draw your left leg in toward your chest until you feel a stretch deep "
                "in your right buttock."
            ),
            "Stay for 30 seconds to a minute.",
            "Swap legs and do the other side.",
        ],
    },
    {
        "name": "Seated spinal twist",
        "slug": "seated-spinal-twist",
        "summary": (
            "A classic floor twist. You'll feel it through your hips, buttocks and back, "
            "and along your belly, shoulders and neck. It helps your spine turn more "
            "easily."
        ),
        "kind": "static",
        "plane": "rotation",
        "starting_position": "seated",
        "areas": ["spine", "lower-back", "hips", "glutes", "abdominals", "shoulders-and-neck"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": [],
        "modifications": [
            "Bending the knee uncomfortable? Leave both legs long on the floor.",
            (
                "Neck too? While you're turned, move your head slowly: face forward on the "
                "in-breath, look back over your shoulder on the out-breath. 5 to 10 turns "
                "a side."
            ),
        ],
        "cautions": [SURGERY],
        "source": MAIN_GUIDE,
        "steps": [
            "Sit on the floor, legs long in front.",
            "Bend your left knee and set that foot down on the far side of your right leg.",
            "Cross your right arm over and rest it against your left thigh, on its outer side.",
            "Put your left hand on the floor behind you to prop yourself up.",
            "Turn toward the left. Let the twist begin low in your spine and travel upward.",
            "Stay for up to a minute.",
            "Unwind slowly, then do the other side.",
        ],
    },
    {
        "name": "Pelvic tilt",
        "slug": "pelvic-tilt",
        "summary": (
            "A small, steady move that works your tummy muscles, and your glutes and "
            "hamstrings too. Stronger support around your middle can take some strain "
            "off your lower back."
        ),
        "kind": "active",
        "plane": "flexion",
        "starting_position": "back",
        "areas": ["abdominals", "glutes", "hamstrings", "lower-back"],
        "hold": (5, 10),
        "reps": (3, 5),
        "sets": 3,
        "each_side": False,
        "props": [],
        "modifications": [
            "New to this? Build up from one set, adding more as it gets easier.",
        ],
        "cautions": [],
        "source": MAIN_GUIDE,
        "steps": [
            "Lie face up. Bend your knees and set your feet down flat.",
            "Tighten your tummy muscles so the small of your back presses into the floor.",
            "Stay there for a count of up to 10, without holding your breath.",
            "Release. Rest while you take two or three deep breaths.",
            "Do 3 to 5 of these. That's one set. Work up to 3 sets.",
        ],
    },
    {
        "name": "Cat-cow",
        "slug": "cat-cow",
        "summary": (
            "You flow between arching and rounding your back, in time with your breath. "
            "Your spine gets moving, and your shoulders, neck and chest get a stretch "
            "along the way."
        ),
        "kind": "dynamic",
        "plane": "flexion-extension",
        "starting_position": "hands-knees",
        "areas": ["spine", "shoulders-and-neck", "chest"],
        "hold": (60, 120),
        "reps": None,
        "sets": 1,
        "each_side": False,
        "props": ["Pillow"],
        "modifications": [
            "Sore wrists? Set your hands a little ahead of your shoulders, not right below them.",
            "Knees complaining? Kneel on a pillow.",
            (
                "You can also pause in each shape, anywhere from 5 to 20 seconds, rather "
                "than flowing with the breath."
            ),
        ],
        "cautions": [],
        "source": MAIN_GUIDE,
        "steps": [
            "Come onto your hands and knees, with your back flat like a table.",
            (
                "Breathe in. Let your belly sink toward the floor and lift your gaze. Your "
                "hands and feet stay firmly planted."
            ),
            "On the out-breath, curl your back up like a cat and let your chin drop.",
            "Keep moving between the two shapes, one breath for each.",
            "Carry on for one to two minutes.",
        ],
    },
    {
        "name": "Sphinx pose",
        "slug": "sphinx",
        "summary": (
            "A soft backbend, propped on your forearms. Some muscles work while the rest "
            "of you rests. Your spine, buttocks and chest get stretched and strengthened."
        ),
        "kind": "static",
        "plane": "extension",
        "starting_position": "front",
        "areas": ["spine", "lower-back", "glutes", "chest"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [],
        "cautions": [],
        "source": MAIN_GUIDE,
        "steps": [
            (
                "Lie on your front. Put your elbows under your shoulders with your forearms "
                "flat ahead of you, palms down."
            ),
            "Let your feet rest a few inches apart. Big toes touching is fine.",
            "Raise your head and chest. Your lower back, bottom and thighs switch on lightly.",
            "Breathe deeply, with your tummy and lower back lightly braced.",
            "Let your hips stay heavy on the floor.",
            "Gaze forward, or let your eyes close.",
            "Stay for 30 seconds to a minute.",
        ],
    },
    # More stretches from the other guides.
    {
        "name": "Double knee-to-chest",
        "slug": "double-knee-to-chest",
        "summary": (
            "Both knees hugged in at once. A gentle way to lengthen the muscles of your "
            "lower back and let them relax."
        ),
        "kind": "static",
        "plane": "flexion",
        "starting_position": "back",
        "areas": ["lower-back", "glutes"],
        "hold": (20, 30),
        "reps": None,
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [
            "Hold behind your thighs rather than over your shins if that is easier on your knees.",
        ],
        "cautions": [],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Lie face up with bent knees, both feet resting on the floor.",
            "Raise your feet off the floor and draw both knees in.",
            "Wrap your arms around your legs.",
            "Let your back rest heavy and easy on the floor.",
            "Stay for 20 to 30 seconds, then lower your feet one at a time.",
        ],
    },
    {
        "name": "Kneeling back extension",
        "slug": "kneeling-back-extension",
        "summary": (
            "From your hands and knees, you slowly rock your hips back toward your heels "
            "with your arms long. It is good for tight, tense muscles low in your back."
        ),
        "kind": "static",
        "plane": "flexion",
        "starting_position": "hands-knees",
        "areas": ["lower-back", "mid-back", "shoulders-and-neck"],
        "hold": (20, 30),
        "reps": (3, 5),
        "sets": 1,
        "each_side": False,
        "props": ["Pillow"],
        "modifications": [
            "Put a pillow under your knees if kneeling is uncomfortable.",
            "Only go back as far as feels comfortable. Your hips don't need to reach your heels.",
        ],
        "cautions": [],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Start on your hands and knees, knees under your hips and hands under your shoulders.",
            "Keep your hands where they are and your arms straight.",
            "Slowly move your hips back toward your heels, keeping your back long.",
            "Stay for 20 to 30 seconds, breathing easily.",
            "Come forward to the start again. Repeat 3 to 5 times.",
        ],
    },
    {
        "name": "Thread the needle",
        "slug": "thread-the-needle",
        "summary": (
            "On your hands and knees, you slide one arm under your body and let your "
            "upper back turn. It gives your mid-back and shoulders a gentle twist."
        ),
        "kind": "static",
        "plane": "rotation",
        "starting_position": "hands-knees",
        "areas": ["mid-back", "shoulders-and-neck"],
        "hold": (20, 30),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Pillow"],
        "modifications": [
            "Rest your head on a pillow if it doesn't reach the floor comfortably.",
        ],
        "cautions": [],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Start on your hands and knees, hands under your shoulders, knees under your hips.",
            "Lift your right hand and slide it, palm up, under your chest toward the left.",
            (
                "Let your right shoulder and the side of your head sink toward the floor, "
                "as far as is comfortable."
            ),
            "Keep your hips above your knees and breathe slowly.",
            "Stay for 20 to 30 seconds, then come back up and switch sides.",
        ],
    },
    {
        "name": "Roll-up",
        "slug": "roll-up",
        "summary": (
            "You curl slowly up from lying down and roll back again. Your stomach muscles "
            "do the work. Over time, it can help your spine become sturdier."
        ),
        "kind": "active",
        "plane": "flexion",
        "starting_position": "back",
        "areas": ["abdominals", "spine"],
        "hold": None,
        "reps": (3, 5),
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [
            "Hold the backs of your thighs to help yourself up and down.",
            "Roll only part of the way up at first. Add a little more as you get stronger.",
        ],
        "cautions": [
            (
                "Not for everyone: leave it out if you have osteoporosis or certain acute "
                "lower-back problems."
            ),
            "Stop at once if it hurts.",
            SURGERY,
        ],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Lie face up with bent knees, feet down and arms resting at your sides.",
            "Breathe in and reach your arms forward, toward your knees.",
            (
                "Breathe out, tuck your chin and peel your back off the floor bit by bit, "
                "as far as you can with control."
            ),
            "Breathe in at the top.",
            "Breathe out and roll back down slowly, one part of your back at a time.",
        ],
    },
    {
        "name": "Belly breathing",
        "slug": "belly-breathing",
        "summary": (
            "Slow breaths deep into your belly, best done before you stretch. Slowing "
            "your breathing can calm you down and may turn down the volume on pain."
        ),
        "kind": "breathing",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["abdominals"],
        "hold": (60, 120),
        "reps": None,
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [
            "Sit in a comfortable chair instead if lying down is awkward.",
        ],
        "cautions": [],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Lie face up with your knees bent, or sit somewhere comfortable.",
            "Rest one hand on your belly and the other on your chest.",
            "Breathe in slowly and let your belly rise. Your chest stays fairly still.",
            "Breathe out slowly and feel your belly sink back down.",
            "Keep this easy rhythm going for a minute or two.",
        ],
    },
    {
        "name": "Towel hamstring stretch",
        "slug": "towel-hamstring-stretch",
        "summary": (
            "A towel round your foot lets you stretch the back of your thigh lying down. "
            "Long spells of sitting tighten the hamstrings, and keeping them supple is part "
            "of looking after your lower back."
        ),
        "kind": "static",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["hamstrings"],
        "hold": (20, 30),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Towel or strap"],
        "modifications": [
            "Hold the towel near your foot for a stronger stretch, further up for a lighter one.",
            "Keep a soft bend in the raised knee if it feels too tight.",
        ],
        "cautions": [NO_BOUNCING],
        "source": SIMPLE_GUIDE,
        "steps": [
            "Lie face up. Bend your knees and set your feet down flat.",
            "Loop a towel around the ball of your right foot. Hold one end in each hand.",
            "Straighten your right leg up toward the ceiling.",
            (
                "Move your hands along the towel until you feel a gentle stretch down the "
                "back of your thigh."
            ),
            "Stay for 20 to 30 seconds, breathing slowly, then switch legs.",
        ],
    },
    {
        "name": "Kneeling glute cross-over stretch",
        "slug": "kneeling-glute-cross-over",
        "summary": (
            "From kneeling, you cross one knee over the other and sit back between your "
            "feet. It stretches your glutes and the outside of your hips."
        ),
        "kind": "static",
        "plane": "neutral",
        "starting_position": "kneeling",
        "areas": ["glutes", "hips"],
        "hold": (30, 30),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Cushion"],
        "modifications": [
            "Can't sit all the way down? Slip a cushion under your hips.",
            "Keep your hands on the floor to take some of your weight.",
            "If kneeling hurts your knees, use the piriformis stretch on your back instead.",
        ],
        "cautions": [NO_BOUNCING, SURGERY],
        "source": TEN_GUIDE,
        "steps": [
            "Start on your hands and knees.",
            "Cross your right knee behind your left, so your knees stack or nearly touch.",
            "Let your feet move apart a little.",
            (
                "Slowly sit your hips back and down between your feet, keeping your hands "
                "on the floor."
            ),
            "Stay for about 30 seconds, then come up and cross the other way.",
        ],
    },
    {
        "name": "Knee-to-opposite-shoulder stretch",
        "slug": "knee-to-opposite-shoulder",
        "summary": (
            "You draw one bent knee across your body toward the other shoulder. It "
            "stretches the piriformis, a deep buttock muscle the sciatic nerve runs "
            "close to."
        ),
        "kind": "static",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["piriformis", "glutes"],
        "hold": (20, 30),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": [],
        "modifications": [
            "Keep your other knee bent with the foot flat if your back prefers it.",
            "Hold behind your thigh instead of at the knee if that is more comfortable.",
        ],
        "cautions": [NO_BOUNCING, SURGERY],
        "source": TEN_GUIDE,
        "steps": [
            "Lie face up with both legs long on the floor.",
            "Bend your right knee and hold it with both hands.",
            (
                "Gently pull the knee across your body toward your left shoulder, until "
                "you feel a stretch in your right buttock."
            ),
            "Stay for 20 to 30 seconds, breathing easily.",
            "Lower the leg and switch sides.",
        ],
    },
    {
        "name": "Side release (quadratus lumborum and obliques)",
        "slug": "quadratus-lumborum-oblique-release",
        "summary": (
            "You lie on your side over a roller or rolled towel to ease the deep muscle "
            "between your lowest rib and your hip, and the muscles along your side."
        ),
        "kind": "release",
        "plane": "side-bending",
        "starting_position": "side",
        "areas": ["obliques", "lower-back"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Foam roller or firmly rolled towel", "Pillow"],
        "modifications": [
            "Use a softer roll, or a pillow, for less pressure.",
            "Keep your top arm by your side if reaching overhead is too much.",
        ],
        "cautions": [
            "Keep the pressure on soft muscle, not on your ribs, spine or hip bone.",
            "Stop if it makes your pain worse.",
        ],
        "source": ACTIVE_GUIDE,
        "steps": [
            (
                "Lie on your side with the roll under your waist, between your lowest "
                "rib and the top of your hip."
            ),
            "Bend your knees a little and rest your head on your lower arm or a pillow.",
            "Reach your top arm over your head and let your upper side lengthen over the roll.",
            "Breathe slowly. If it feels fine, rock a little forward and back.",
            "Stay for 30 to 60 seconds, then turn over and do the other side.",
        ],
    },
    {
        "name": "Glute release",
        "slug": "glute-release",
        "summary": (
            "Sitting on a ball or roller, you ease tight spots in your buttock muscles. "
            "It can take the edge off pain before you stretch or move."
        ),
        "kind": "release",
        "plane": "neutral",
        "starting_position": "seated",
        "areas": ["glutes", "piriformis"],
        "hold": (30, 60),
        "reps": None,
        "sets": 1,
        "each_side": True,
        "props": ["Tennis ball, massage ball or foam roller"],
        "modifications": [
            "Use a softer ball, or do it on a bed, for lighter pressure.",
            "Leave both feet on the floor if crossing your ankle over is too much.",
        ],
        "cautions": [
            "Tender is fine. Move off the spot if you feel tingling or numbness down your leg.",
        ],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Sit on the floor, knees bent, hands planted behind you.",
            "Place the ball or roller under your right buttock.",
            "If it's comfortable, rest your right ankle on your left knee.",
            "Shift your weight slowly to find a tender spot, then stay there and breathe.",
            "Spend 30 to 60 seconds on each side.",
        ],
    },
    {
        "name": "Active hamstring stretch",
        "slug": "active-hamstring-stretch",
        "summary": (
            "Instead of pulling on your leg, you use your own thigh muscles to straighten "
            "it. This stretches the hamstrings and trains the muscles that control them."
        ),
        "kind": "active",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["hamstrings"],
        "hold": (3, 5),
        "reps": (5, 10),
        "sets": 1,
        "each_side": True,
        "props": [],
        "modifications": [
            "Keep a small bend in the knee at the top if straightening fully is too much.",
        ],
        "cautions": [],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Lie face up with bent knees, both feet resting on the floor.",
            (
                "Lift your right knee and hold behind that thigh with both hands, so the "
                "thigh points at the ceiling."
            ),
            "Slowly straighten your right knee as far as you can, toes pulled toward you.",
            "Hold for a few seconds, then bend the knee again.",
            "Do 5 to 10, then switch legs.",
        ],
    },
    {
        "name": "Active adductor stretch",
        "slug": "active-adductor-stretch",
        "summary": (
            "A slow rock back and forth on your hands and knees, with one leg out to the "
            "side. It stretches your inner thigh and gets your hips moving."
        ),
        "kind": "active",
        "plane": "neutral",
        "starting_position": "hands-knees",
        "areas": ["adductors", "hips"],
        "hold": (3, 5),
        "reps": (5, 10),
        "sets": 1,
        "each_side": True,
        "props": ["Pillow"],
        "modifications": [
            "Put a pillow under your knee for padding.",
            "Rock back only a little way at first.",
        ],
        "cautions": [],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Start on your hands and knees.",
            "Stretch your right leg out to the side, foot flat on the floor, knee straight.",
            (
                "Keeping your back long, slowly push your hips back toward your left heel "
                "until you feel your inner right thigh stretch."
            ),
            "Pause for a few seconds, then come forward again.",
            "Do 5 to 10, then switch sides.",
        ],
    },
    {
        "name": "Active hip flexor stretch",
        "slug": "active-hip-flexor-stretch",
        "summary": (
            "In a half-kneel, you squeeze your buttock to open up the front of your hip. "
            "Stiff, weak hips are one common contributor to lower back pain."
        ),
        "kind": "active",
        "plane": "neutral",
        "starting_position": "kneeling",
        "areas": ["hip-flexors", "quadriceps"],
        "hold": (3, 5),
        "reps": (5, 10),
        "sets": 1,
        "each_side": True,
        "props": ["Cushion", "Chair or wall for balance"],
        "modifications": [
            "Put a cushion under the knee you kneel on.",
            "Hold a chair or a wall if you feel wobbly.",
        ],
        "cautions": [],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Kneel on your right knee with your left foot flat on the floor in front of you.",
            "Stand tall through your body and tighten your tummy a little.",
            (
                "Squeeze your right buttock and ease your hips slightly forward until you "
                "feel the front of your right hip stretch."
            ),
            "Hold for a few seconds without letting your lower back arch, then relax.",
            "Do 5 to 10, then switch sides.",
        ],
    },
    {
        "name": "Prone press-up",
        "slug": "prone-press-up",
        "summary": (
            "Lying on your front, you push your chest up with your arms while your lower "
            "back stays relaxed. Bending backward like this eases some people's back pain."
        ),
        "kind": "active",
        "plane": "extension",
        "starting_position": "front",
        "areas": ["lower-back", "spine"],
        "hold": (2, 3),
        "reps": (5, 10),
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [
            "Stay up on your forearms, as in the sphinx pose, if pushing up is too much.",
        ],
        "cautions": [
            "Stop if arching back makes your pain worse or sends it down a leg.",
        ],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Lie on your front with your hands flat beside your shoulders.",
            "Let your hips, legs and lower back go loose.",
            (
                "Breathe out and slowly straighten your arms to lift your chest. Your hips "
                "stay on the floor."
            ),
            "Go only as high as is comfortable. Pause for a couple of seconds.",
            "Lower yourself slowly. Do 5 to 10.",
        ],
    },
    {
        "name": "Cat-camel hold (arch only)",
        "slug": "cat-camel-extension-hold",
        "summary": (
            "Just the arching half of cat-cow, held for a few breaths. It eases your back "
            "into extension while your arms and shoulders stay active."
        ),
        "kind": "active",
        "plane": "extension",
        "starting_position": "hands-knees",
        "areas": ["spine", "lower-back", "chest"],
        "hold": (5, 10),
        "reps": (3, 5),
        "sets": 1,
        "each_side": False,
        "props": ["Pillow"],
        "modifications": [
            "Sore wrists? Set your hands a little ahead of your shoulders.",
            "Knees complaining? Kneel on a pillow.",
        ],
        "cautions": [
            "Stop if arching makes your pain worse.",
        ],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Come onto your hands and knees, hands under your shoulders and knees under your hips.",
            "Breathe in, let your belly lower toward the floor, and lift your chest.",
            "Press the floor away and draw your shoulders down, away from your ears.",
            "Hold the arch for 5 to 10 seconds, breathing easily.",
            "Return to a flat back and rest. Skip the rounding. Repeat 3 to 5 times.",
        ],
    },
    {
        "name": "Bridge hold",
        "slug": "bridge-hold",
        "summary": (
            "Lying on your back, you lift your hips and hold them up. It strengthens your "
            "glutes and the backs of your thighs. Strong hips help take stress off your lower "
            "back."
        ),
        "kind": "active",
        "plane": "neutral",
        "starting_position": "back",
        "areas": ["glutes", "hamstrings", "abdominals", "lower-back"],
        "hold": (5, 10),
        "reps": (5, 10),
        "sets": 1,
        "each_side": False,
        "props": [],
        "modifications": [
            "Lift your hips only a little way at first.",
        ],
        "cautions": [],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Lie face up with bent knees, feet down and hip-width apart.",
            "Tighten your tummy a little and squeeze your buttocks.",
            (
                "Press through your heels and lift your hips until your shoulders, hips and "
                "knees make a straight line."
            ),
            "Hold for 5 to 10 seconds and keep breathing. Don't arch your lower back.",
            "Lower slowly. Repeat 5 to 10 times.",
        ],
    },
    {
        "name": "90-90 active stretch (front leg)",
        "slug": "90-90-active-stretch",
        "summary": (
            "Sitting with both legs bent at right angles, you lean over the front leg and "
            "press it into the floor. It trains your hip to turn, and stretches the "
            "outside of that hip and buttock."
        ),
        "kind": "active",
        "plane": "rotation",
        "starting_position": "seated",
        "areas": ["hips", "glutes", "piriformis"],
        "hold": (3, 5),
        "reps": (5, 10),
        "sets": 1,
        "each_side": True,
        "props": ["Cushion or folded blanket"],
        "modifications": [
            "Sit on a cushion or folded blanket if your hips are tight.",
            "Stay upright with your hands behind you instead of leaning forward.",
        ],
        "cautions": [SURGERY],
        "source": ACTIVE_GUIDE,
        "steps": [
            (
                "Sit on the floor. Bend your right leg in front of you at a right angle, "
                "outer shin on the floor. Bend your left leg out to the side at a right angle."
            ),
            "Put your hands on the floor for support and sit up tall.",
            "Face your front shin and lean forward a little from your hips, back long.",
            "Press your right shin and knee gently into the floor for a few seconds, then relax.",
            "Do 5 to 10, then swap your legs around for the other side.",
        ],
    },
    {
        "name": "Hip circles (full-range hip activation)",
        "slug": "hip-circles",
        "summary": (
            "Slow, big circles with one knee while your back stays still. They take your "
            "hip through its whole range and wake up the muscles around it."
        ),
        "kind": "active",
        "plane": "neutral",
        "starting_position": "hands-knees",
        "areas": ["hips", "glutes", "hip-flexors"],
        "hold": None,
        "reps": (3, 5),
        "sets": 1,
        "each_side": True,
        "props": ["Pillow"],
        "modifications": [
            "Make the circles smaller if your back starts to move.",
            "Knees complaining? Kneel on a pillow.",
        ],
        "cautions": [SURGERY],
        "source": ACTIVE_GUIDE,
        "steps": [
            "Start on your hands and knees with a flat back.",
            "Tighten your tummy gently so your back stays still.",
            (
                "Lift your right knee a little and slowly draw the biggest circle you can: "
                "forward, out to the side, back and down."
            ),
            "Keep your lower back and pelvis as still as you can throughout.",
            "Do 3 to 5 circles one way and 3 to 5 the other way, then switch legs.",
        ],
    },
]

ROUTINES = [
    {
        "name": "The guide's 7 stretches",
        "slug": "guides-7-stretches",
        "summary": (
            "The seven stretches from the main guide, in its order. Go gently, let your "
            "breath stay easy, and stop short of forcing anything. Rest for a day whenever "
            "your back feels worse than before, or unusually sore."
        ),
        "how_often": "Once or twice a day",
        "is_default": True,
        "items": [
            {
                "slug": "childs-pose",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "knee-to-chest",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "piriformis-stretch",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "seated-spinal-twist",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "pelvic-tilt",
                "hold": (5, 10),
                "reps": (3, 5),
                "sets": 3,
                "each_side": False,
            },
            {
                "slug": "cat-cow",
                "hold": (60, 120),
                "reps": None,
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "sphinx",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": False,
            },
        ],
    },
    {
        "name": "Active mobility",
        "slug": "active-mobility",
        "summary": (
            "Moves that keep your muscles working while your spine goes every way: a "
            "twist, a side-bend, rounding and arching. Go slowly, and leave out any move "
            "that makes your pain worse."
        ),
        "how_often": "Once a day",
        "is_default": False,
        "items": [
            {
                "slug": "belly-breathing",
                "hold": (60, 120),
                "reps": None,
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "glute-release",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "quadratus-lumborum-oblique-release",
                "hold": (30, 60),
                "reps": None,
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "active-hamstring-stretch",
                "hold": (3, 5),
                "reps": (5, 10),
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "active-adductor-stretch",
                "hold": (3, 5),
                "reps": (5, 10),
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "active-hip-flexor-stretch",
                "hold": (3, 5),
                "reps": (5, 10),
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "double-knee-to-chest",
                "hold": (20, 30),
                "reps": None,
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "prone-press-up",
                "hold": (2, 3),
                "reps": (5, 10),
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "cat-camel-extension-hold",
                "hold": (5, 10),
                "reps": (3, 5),
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "bridge-hold",
                "hold": (5, 10),
                "reps": (5, 10),
                "sets": 1,
                "each_side": False,
            },
            {
                "slug": "90-90-active-stretch",
                "hold": (3, 5),
                "reps": (5, 10),
                "sets": 1,
                "each_side": True,
            },
            {
                "slug": "hip-circles",
                "hold": None,
                "reps": (3, 5),
                "sets": 1,
                "each_side": True,
            },
        ],
    },
]


def dose_fields(data):
    """The model's dose fields from a dict with hold, reps, sets and each_side."""
    hold_min, hold_max = data["hold"] or (None, None)
    reps_min, reps_max = data["reps"] or (None, None)
    return {
        "hold_seconds_min": hold_min,
        "hold_seconds_max": hold_max,
        "reps_min": reps_min,
        "reps_max": reps_max,
        "sets": data["sets"],
        "each_side": data["each_side"],
    }


def load_library(apps, schema_editor):
    """Add whatever is missing from the library. Existing rows are never touched."""
    db = schema_editor.connection.alias
    areas = apps.get_model("journal", "TargetArea").objects.using(db)
    stretches = apps.get_model("journal", "Stretch").objects.using(db)
    steps = apps.get_model("journal", "Step").objects.using(db)
    routines = apps.get_model("journal", "Routine").objects.using(db)
    items = apps.get_model("journal", "RoutineStretch").objects.using(db)

    for name, slug in TARGET_AREAS:
        if not areas.filter(Q(slug=slug) | Q(name=name)).exists():
            areas.create(name=name, slug=slug)

    for data in STRETCHES:
        if stretches.filter(slug=data["slug"]).exists():
            continue
        stretch = stretches.create(
            name=data["name"],
            slug=data["slug"],
            summary=data["summary"],
            kind=data["kind"],
            plane=data["plane"],
            starting_position=data["starting_position"],
            props="\n".join(data["props"]),
            modifications="\n".join(data["modifications"]),
            cautions="\n".join(data["cautions"]),
            source=data["source"],
            **dose_fields(data),
        )
        stretch.target_areas.set(areas.filter(slug__in=data["areas"]))
        for number, text in enumerate(data["steps"], start=1):
            steps.create(stretch=stretch, number=number, text=text)

    for data in ROUTINES:
        if routines.filter(slug=data["slug"]).exists():
            continue
        routine = routines.create(
            name=data["name"],
            slug=data["slug"],
            summary=data["summary"],
            how_often=data["how_often"],
            # Never take the default away from a routine staff have chosen.
            is_default=data["is_default"] and not routines.filter(is_default=True).exists(),
        )
        position = 0
        for item in data["items"]:
            stretch = stretches.filter(slug=item["slug"]).first()
            if stretch is None:
                continue
            position += 1
            items.create(routine=routine, stretch=stretch, position=position, **dose_fields(item))


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
