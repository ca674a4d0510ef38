"""Figures for the library: each stretch drawn as a body in its start and held positions.

Adds `Stretch.figure` (the format is in journal/figures.py) and draws the 25 stretches of the
starting library, each checked against its own steps. Like the library's loading, it only fills
a figure that is still empty, so a figure drawn in the admin is never replaced.
"""

from django.db import migrations, models

import journal.models

FIGURES = {
    "childs-pose": {
        "facing": "right",
        "start": {
            "alt": "On hands and knees, back flat, hands under the shoulders and knees under the hips.",
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Kneeling, sitting back on the heels with the chest resting on the thighs, forehead "
                "down to the floor and arms stretched forward along it."
            ),
            "joints": {
                "hip": [61, 99.2],
                "back": [74.6, 95.9],
                "shoulder": [90.1, 99.7],
                "head": [100.7, 105.4],
                "near_elbow": [107.2, 105.3],
                "near_hand": [124.2, 106.5],
                "far_elbow": [107.4, 104.7],
                "far_hand": [124.4, 105.3],
                "near_knee": [83.9, 109.2],
                "near_ankle": [61.9, 109.2],
                "near_toe": [53.9, 109.2],
                "far_knee": [84.2, 108.5],
                "far_ankle": [62.2, 108.5],
                "far_toe": [54.2, 108.5],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "knee-to-chest": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Lying on the back, both knees bent and both feet flat on the floor, arms by the "
                "sides."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, the right knee drawn toward the chest with both hands holding it "
                "just below the knee; the left knee stays bent with the foot on the floor."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [92, 106.9],
                "near_hand": [96.3, 90.4],
                "far_elbow": [91.8, 105.2],
                "far_hand": [98.3, 89.4],
                "near_knee": [92.3, 85.4],
                "near_ankle": [110.3, 98],
                "near_toe": [118.2, 96.7],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "piriformis-stretch": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": "Lying on the back, both knees bent and both feet flat on the floor.",
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, the right ankle crossed over the left thigh just above the knee, "
                "both hands behind the left thigh drawing it toward the chest."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 105.6],
                "near_hand": [85.4, 89.8],
                "far_elbow": [92, 108.2],
                "far_hand": [87.4, 91.8],
                "near_knee": [111.4, 83.6],
                "near_ankle": [89.4, 82.8],
                "near_toe": [93.4, 75.9],
                "far_knee": [93.4, 84.8],
                "far_ankle": [114.7, 90.5],
                "far_toe": [122.7, 91.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "seated-spinal-twist": {
        "facing": "left",
        "side": "left",
        "worked": ["near_leg"],
        "start": {
            "alt": "Sitting tall on the floor, both legs long in front, hands beside the hips.",
            "joints": {
                "hip": [120, 107.5],
                "back": [118.8, 93.6],
                "shoulder": [117.9, 77.6],
                "head": [116.9, 65.6],
                "near_elbow": [125.4, 94],
                "near_hand": [118, 109.2],
                "far_elbow": [124.3, 94.4],
                "far_hand": [116, 109.2],
                "near_knee": [95, 107.5],
                "near_ankle": [73, 107.5],
                "near_toe": [70.3, 100],
                "far_knee": [95, 108.4],
                "far_ankle": [73, 108.4],
                "far_toe": [69.6, 101.1],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Sitting, the right leg long, the left knee bent with its foot set beyond the right "
                "knee; the right arm hugs the outside of the left thigh, the left hand is on the "
                "floor behind, and the body turns to the left."
            ),
            "joints": {
                "hip": [120, 107.5],
                "back": [118.3, 93.6],
                "shoulder": [116.9, 77.7],
                "head": [115.9, 65.7],
                "near_elbow": [128.1, 91.8],
                "near_hand": [138.7, 105.1],
                "far_elbow": [99.1, 74.9],
                "far_hand": [105.4, 90.7],
                "near_knee": [102.4, 89.7],
                "near_ankle": [90, 107.8],
                "near_toe": [82.1, 109.2],
                "far_knee": [95, 107.5],
                "far_ankle": [73, 107.5],
                "far_toe": [70.3, 100],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "pelvic-tilt": {
        "facing": "right",
        "start": {
            "alt": (
                "Lying on the back, knees bent and feet flat, with a small hollow under the lower "
                "back."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90.4, 104.4],
                "shoulder": [74.8, 107.9],
                "head": [63.1, 105],
                "near_elbow": [92.8, 108.6],
                "near_hand": [109.7, 109.2],
                "far_elbow": [92.8, 108.5],
                "far_hand": [109.7, 109.1],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, knees bent and feet flat, tummy muscles tightened so the lower "
                "back presses flat into the floor."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "cat-cow": {
        "facing": "right",
        "start": {
            "alt": (
                "On hands and knees, breathing in: the belly sinks toward the floor, the back hollows"
                " and the head lifts to look ahead."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [98, 83.8],
                "shoulder": [110.6, 73.9],
                "head": [119.8, 66.2],
                "near_elbow": [110.6, 91.9],
                "near_hand": [110.6, 108.9],
                "far_elbow": [112.1, 91.8],
                "far_hand": [113.6, 108.8],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "On hands and knees, breathing out: the back rounds up like a cat's and the chin "
                "drops toward the chest."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [94.4, 74.9],
                "shoulder": [110.4, 76],
                "head": [116.4, 86.4],
                "near_elbow": [104.9, 93.2],
                "near_hand": [110.4, 109.2],
                "far_elbow": [106.7, 93.6],
                "far_hand": [113.4, 109.3],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "sphinx": {
        "facing": "right",
        "start": {
            "alt": (
                "Lying on the front, forearms flat on the floor ahead with the elbows by the sides, "
                "palms down."
            ),
            "joints": {
                "hip": [80, 107.5],
                "back": [94, 107.5],
                "shoulder": [110, 107.5],
                "head": [121.7, 105],
                "near_elbow": [126.9, 113.7],
                "near_hand": [143.9, 113.7],
                "far_elbow": [127.1, 113.1],
                "far_hand": [144.1, 112.5],
                "near_knee": [55, 106.6],
                "near_ankle": [33, 106.6],
                "near_toe": [25.5, 109.4],
                "far_knee": [55, 107.5],
                "far_ankle": [33, 107.5],
                "far_toe": [25.5, 110.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the front, propped on the forearms with the elbows under the shoulders; the"
                " head and chest are raised while the hips stay on the floor."
            ),
            "joints": {
                "hip": [80, 107.5],
                "back": [93.7, 104.6],
                "shoulder": [106.3, 94.7],
                "head": [111.9, 84.1],
                "near_elbow": [106.3, 112.7],
                "near_hand": [123.3, 112.7],
                "far_elbow": [107.2, 112.7],
                "far_hand": [124.2, 112.1],
                "near_knee": [55, 106.6],
                "near_ankle": [33, 106.6],
                "near_toe": [25.5, 109.4],
                "far_knee": [55, 107.5],
                "far_ankle": [33, 107.5],
                "far_toe": [25.5, 110.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "double-knee-to-chest": {
        "facing": "right",
        "start": {
            "alt": "Lying on the back, both knees bent and both feet flat on the floor.",
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, both knees hugged in toward the chest, arms wrapped around the "
                "shins."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [92, 107.3],
                "near_hand": [103.1, 94.4],
                "far_elbow": [92, 107.3],
                "far_hand": [105.1, 96.4],
                "near_knee": [94.6, 84.3],
                "near_ankle": [111.5, 98.5],
                "near_toe": [119.4, 97.1],
                "far_knee": [96.3, 83.7],
                "far_ankle": [112.1, 99],
                "far_toe": [120.1, 98.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "kneeling-back-extension": {
        "facing": "right",
        "start": {
            "alt": "On hands and knees, hands under the shoulders and knees under the hips.",
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Hands kept where they were and arms straight, the hips moved back toward the heels "
                "with the back long, head between the arms."
            ),
            "joints": {
                "hip": [64, 97.2],
                "back": [76.3, 90.5],
                "shoulder": [90.3, 82.8],
                "head": [99.5, 90.5],
                "near_elbow": [104.1, 94.4],
                "near_hand": [112.3, 109.2],
                "far_elbow": [102.6, 95.9],
                "far_hand": [114.3, 108.2],
                "near_knee": [85.4, 110.1],
                "near_ankle": [63.4, 110.1],
                "near_toe": [55.4, 110.1],
                "far_knee": [85.9, 109.2],
                "far_ankle": [63.9, 109.2],
                "far_toe": [55.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "thread-the-needle": {
        "facing": "right",
        "side": "right",
        "worked": ["near_arm"],
        "start": {
            "alt": "On hands and knees, hands under the shoulders and knees under the hips.",
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "On hands and knees, the right arm slid palm up under the chest toward the left; the "
                "right shoulder and the side of the head rest on the floor, hips stay above the "
                "knees."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 89],
                "shoulder": [105.2, 102.9],
                "head": [117, 105],
                "near_elbow": [87.9, 108.2],
                "near_hand": [70.9, 108.2],
                "far_elbow": [119.8, 92.5],
                "far_hand": [117.2, 109.2],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "roll-up": {
        "facing": "right",
        "start": {
            "alt": "Lying on the back, knees bent and feet flat, arms reaching toward the knees.",
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [90.9, 101.3],
                "near_hand": [107.3, 96.9],
                "far_elbow": [90.7, 100.8],
                "far_hand": [106.9, 95.8],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Curled up off the floor one part of the back at a time, chin tucked, arms reaching "
                "forward toward the knees."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [95, 96.8],
                "shoulder": [93.6, 80.8],
                "head": [100.5, 71],
                "near_elbow": [111.3, 77.7],
                "near_hand": [128.3, 76.2],
                "far_elbow": [111.2, 77.1],
                "far_hand": [128.1, 75],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "belly-breathing": {
        "facing": "right",
        "start": {
            "alt": "Lying on the back, knees bent and feet flat, arms resting by the sides.",
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, knees bent, one hand resting on the belly and the other on the "
                "chest, breathing slowly so the belly rises and falls."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [105.8, 99.5],
                "far_elbow": [91.9, 109.2],
                "far_hand": [77.5, 100.2],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "towel-hamstring-stretch": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Lying on the back, left knee bent with the foot flat; a towel looped around the ball"
                " of the bent right foot, one end in each hand."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.7, 104.4],
                "near_hand": [90, 87.5],
                "far_elbow": [91.9, 105.5],
                "far_hand": [92, 88.5],
                "near_knee": [101.8, 82.6],
                "near_ankle": [121.8, 73.3],
                "near_toe": [123.1, 65.4],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}, {"kind": "strap", "from": "near_hand", "to": "near_toe"}],
        },
        "held": {
            "alt": (
                "Lying on the back, the right leg straightened up toward the ceiling, both hands "
                "holding the towel looped around its foot; the left knee bent with the foot on the "
                "floor."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [86.4, 94.5],
                "near_hand": [86, 77.5],
                "far_elbow": [87.4, 95.5],
                "far_hand": [88, 78.5],
                "near_knee": [108.3, 82.9],
                "near_ankle": [112.2, 61.2],
                "near_toe": [120, 62.6],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}, {"kind": "strap", "from": "near_hand", "to": "near_toe"}],
        },
    },
    "kneeling-glute-cross-over": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": "On hands and knees, hands under the shoulders and knees under the hips.",
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Kneeling with the right knee crossed behind the left and the feet apart, hips "
                "sitting back and down between the feet, hands on the floor in front."
            ),
            "joints": {
                "hip": [70, 97.2],
                "back": [78, 85.8],
                "shoulder": [85.5, 71.7],
                "head": [89.6, 60.4],
                "near_elbow": [93.3, 87.9],
                "near_hand": [100.7, 103.2],
                "far_elbow": [94.3, 87.4],
                "far_hand": [102.6, 102.2],
                "near_knee": [91.4, 110.1],
                "near_ankle": [69.4, 110.1],
                "near_toe": [61.4, 110.1],
                "far_knee": [92.2, 108.8],
                "far_ankle": [70.2, 108.8],
                "far_toe": [62.2, 108.8],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "knee-to-opposite-shoulder": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": "Lying on the back with both legs long on the floor, arms by the sides.",
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [128.9, 109.2],
                "near_ankle": [150.9, 109.2],
                "near_toe": [154.9, 102.3],
                "far_knee": [129, 108.8],
                "far_ankle": [151, 108.4],
                "far_toe": [155, 101.5],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, the left leg long; the right knee bent and drawn with both hands "
                "across the body toward the left shoulder."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [92, 107.8],
                "near_hand": [90.5, 90.8],
                "far_elbow": [92, 106.8],
                "far_hand": [93.5, 89.8],
                "near_knee": [91.5, 85.8],
                "near_ankle": [110.6, 96.8],
                "near_toe": [118.1, 94.1],
                "far_knee": [129, 108.8],
                "far_ankle": [151, 108.4],
                "far_toe": [155, 101.5],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "quadratus-lumborum-oblique-release": {
        "facing": "front",
        "side": "right",
        "worked": ["near_arm", "near_leg"],
        "start": {
            "alt": (
                "Lying on the left side with a rolled towel under the waist, knees a little bent, "
                "head on the lower arm and a pillow, the right arm along the side."
            ),
            "joints": {
                "hip": [106, 103],
                "back": [93.6, 96.4],
                "shoulder": [79.5, 103.9],
                "head": [67.6, 102.3],
                "near_elbow": [97.2, 107.1],
                "near_hand": [114.2, 108.5],
                "far_elbow": [63.9, 112.9],
                "far_hand": [72.4, 98.2],
                "near_knee": [130.5, 108.2],
                "near_ankle": [152.2, 105.1],
                "near_toe": [160.1, 103.7],
                "far_knee": [130, 109.9],
                "far_ankle": [152, 108.4],
                "far_toe": [159.9, 107.5],
            },
            "props": [
                {"kind": "floor"},
                {"kind": "roller", "x": 93, "y": 106, "r": 6},
                {"kind": "cushion", "x": 52, "y": 105, "width": 20, "height": 7},
            ],
        },
        "held": {
            "alt": (
                "Lying on the left side over the rolled towel, the right arm reaching over the head "
                "so the right side lengthens over the roll."
            ),
            "joints": {
                "hip": [106, 103],
                "back": [93.6, 96.4],
                "shoulder": [79.5, 103.9],
                "head": [67.6, 102.3],
                "near_elbow": [61.7, 101.4],
                "near_hand": [44.7, 100.2],
                "far_elbow": [63.9, 112.9],
                "far_hand": [72.4, 98.2],
                "near_knee": [130.5, 108.2],
                "near_ankle": [152.2, 105.1],
                "near_toe": [160.1, 103.7],
                "far_knee": [130, 109.9],
                "far_ankle": [152, 108.4],
                "far_toe": [159.9, 107.5],
            },
            "props": [
                {"kind": "floor"},
                {"kind": "roller", "x": 93, "y": 106, "r": 6},
                {"kind": "cushion", "x": 52, "y": 105, "width": 20, "height": 7},
            ],
        },
    },
    "glute-release": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Sitting on the floor with a ball under the right buttock, knees bent, feet flat and "
                "hands planted behind."
            ),
            "joints": {
                "hip": [96, 99],
                "back": [90.8, 86],
                "shoulder": [85.3, 71],
                "head": [85.3, 59],
                "near_elbow": [81, 88.5],
                "near_hand": [77, 105],
                "far_elbow": [79.8, 88.1],
                "far_hand": [74.6, 104.3],
                "near_knee": [119.3, 89.9],
                "near_ankle": [132, 107.8],
                "near_toe": [139.9, 109.2],
                "far_knee": [119.9, 91.8],
                "far_ankle": [135, 107.8],
                "far_toe": [142.9, 109.2],
            },
            "props": [{"kind": "floor"}, {"kind": "roller", "x": 96, "y": 107, "r": 5}],
        },
        "held": {
            "alt": (
                "Sitting on the ball, leaning back on the hands, the right ankle resting on the left "
                "knee while the weight shifts slowly to find a tender spot."
            ),
            "joints": {
                "hip": [96, 99],
                "back": [90.8, 86],
                "shoulder": [85.3, 71],
                "head": [85.3, 59],
                "near_elbow": [81, 88.5],
                "near_hand": [77, 105],
                "far_elbow": [79.8, 88.1],
                "far_hand": [74.6, 104.3],
                "near_knee": [119.4, 107.7],
                "near_ankle": [116.9, 85.9],
                "near_toe": [119.6, 78.4],
                "far_knee": [118.9, 88.9],
                "far_ankle": [130, 107.8],
                "far_toe": [137.9, 109.2],
            },
            "props": [{"kind": "floor"}, {"kind": "roller", "x": 96, "y": 107, "r": 5}],
        },
    },
    "active-hamstring-stretch": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Lying on the back, the left foot flat; the right thigh held upright with both hands "
                "behind it, the right knee bent."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.7, 104.2],
                "near_hand": [106, 95],
                "far_elbow": [91.2, 102.2],
                "far_hand": [107.4, 97.2],
                "near_knee": [104, 82.5],
                "near_ankle": [126, 82.5],
                "near_toe": [130, 75.6],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Lying on the back, hands still behind the right thigh, the right knee straightened "
                "toward the ceiling with the toes pulled back."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.7, 104.2],
                "near_hand": [106, 95],
                "far_elbow": [91.2, 102.2],
                "far_hand": [107.4, 97.2],
                "near_knee": [104, 82.5],
                "near_ankle": [108.6, 61],
                "near_toe": [116.5, 61.7],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "active-adductor-stretch": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "On hands and knees with the right leg stretched out to the side, knee straight and "
                "foot flat on the floor."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [64.5, 99.9],
                "near_ankle": [44, 107.8],
                "near_toe": [51.9, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Back kept long, the hips pushed back toward the left heel until the inside of the "
                "right thigh stretches; the right leg stays straight out to the side."
            ),
            "joints": {
                "hip": [70, 89.2],
                "back": [84, 88.3],
                "shoulder": [100, 88.3],
                "head": [111.8, 90.4],
                "near_elbow": [117.3, 93],
                "near_hand": [112.3, 109.2],
                "far_elbow": [117.5, 92.4],
                "far_hand": [115.3, 109.2],
                "near_knee": [52, 106.6],
                "near_ankle": [30, 107.8],
                "near_toe": [37.9, 109.2],
                "far_knee": [86.2, 108.3],
                "far_ankle": [64.2, 108.3],
                "far_toe": [56.2, 108.3],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "active-hip-flexor-stretch": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Kneeling on the right knee on a cushion, the left foot flat on the floor in front, "
                "body tall."
            ),
            "joints": {
                "hip": [80, 78.2],
                "back": [80, 64.2],
                "shoulder": [80, 48.2],
                "head": [80, 36.2],
                "near_elbow": [78.4, 66.2],
                "near_hand": [86.9, 80.9],
                "far_elbow": [77.5, 66.1],
                "far_hand": [85.5, 81.1],
                "near_knee": [80, 103.2],
                "near_ankle": [58, 104],
                "near_toe": [50.1, 105.4],
                "far_knee": [103.5, 86.8],
                "far_ankle": [110, 107.8],
                "far_toe": [117.9, 109.2],
            },
            "props": [
                {"kind": "floor"},
                {"kind": "cushion", "x": 68, "y": 106, "width": 22, "height": 6},
            ],
        },
        "held": {
            "alt": (
                "In the half-kneel, the right buttock squeezed and the hips eased slightly forward, "
                "stretching the front of the right hip, lower back not arching."
            ),
            "joints": {
                "hip": [86, 79],
                "back": [85.5, 65],
                "shoulder": [85, 49],
                "head": [84.5, 37],
                "near_elbow": [83.4, 66.9],
                "near_hand": [91.9, 81.6],
                "far_elbow": [82.4, 66.8],
                "far_hand": [90.4, 81.8],
                "near_knee": [80, 103.2],
                "near_ankle": [58, 104],
                "near_toe": [50.1, 105.4],
                "far_knee": [109.7, 86.8],
                "far_ankle": [116, 107.8],
                "far_toe": [123.9, 109.2],
            },
            "props": [
                {"kind": "floor"},
                {"kind": "cushion", "x": 68, "y": 106, "width": 22, "height": 6},
            ],
        },
    },
    "prone-press-up": {
        "facing": "right",
        "start": {
            "alt": (
                "Lying on the front, hands flat on the floor beside the shoulders, hips and legs "
                "relaxed."
            ),
            "joints": {
                "hip": [80, 107.5],
                "back": [94, 107.5],
                "shoulder": [110, 107.5],
                "head": [121.8, 105.4],
                "near_elbow": [122.4, 94.5],
                "near_hand": [114, 109.2],
                "far_elbow": [120.4, 92.8],
                "far_hand": [116, 109.2],
                "near_knee": [55, 106.6],
                "near_ankle": [33, 106.6],
                "near_toe": [25.5, 109.4],
                "far_knee": [55, 107.5],
                "far_ankle": [33, 107.5],
                "far_toe": [25.5, 110.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Arms straightened to lift the chest while the hips stay on the floor and the lower "
                "back stays relaxed."
            ),
            "joints": {
                "hip": [80, 107.5],
                "back": [92.7, 101.6],
                "shoulder": [99.5, 87.1],
                "head": [105.1, 76.5],
                "near_elbow": [116.4, 93],
                "near_hand": [111.5, 109.2],
                "far_elbow": [116.6, 92.5],
                "far_hand": [113.5, 109.2],
                "near_knee": [55, 106.6],
                "near_ankle": [33, 106.6],
                "near_toe": [25.5, 109.4],
                "far_knee": [55, 107.5],
                "far_ankle": [33, 107.5],
                "far_toe": [25.5, 110.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "cat-camel-extension-hold": {
        "facing": "right",
        "start": {
            "alt": (
                "On hands and knees with a flat back, hands under the shoulders and knees under the "
                "hips."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "On hands and knees, the belly lowered toward the floor and the chest lifted into an "
                "arch, hands pressing the floor away."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [98, 84.2],
                "shoulder": [110.9, 74.8],
                "head": [120.8, 68],
                "near_elbow": [107.7, 92.6],
                "near_hand": [110.9, 109.2],
                "far_elbow": [109.7, 92.8],
                "far_hand": [113.9, 109.2],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "bridge-hold": {
        "facing": "right",
        "start": {
            "alt": (
                "Lying on the back, knees bent and feet flat about hip-width apart, arms by the "
                "sides."
            ),
            "joints": {
                "hip": [104, 107.5],
                "back": [90, 107.5],
                "shoulder": [74, 107.5],
                "head": [62.4, 104.6],
                "near_elbow": [91.9, 109.2],
                "near_hand": [108.9, 109.2],
                "far_elbow": [91.9, 109.2],
                "far_hand": [108.9, 108.6],
                "near_knee": [122, 90.1],
                "near_ankle": [135, 107.8],
                "near_toe": [142.9, 109.2],
                "far_knee": [122.8, 91],
                "far_ankle": [137, 107.8],
                "far_toe": [144.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "Hips lifted off the floor until the shoulders, hips and knees make a straight line, "
                "pressing through the heels."
            ),
            "joints": {
                "hip": [104, 87.5],
                "back": [91.2, 93.2],
                "shoulder": [77.3, 101.1],
                "head": [65.7, 98.2],
                "near_elbow": [95.2, 102.7],
                "near_hand": [112.2, 102.7],
                "far_elbow": [95.2, 102.7],
                "far_hand": [112.2, 102.1],
                "near_knee": [129, 86.4],
                "near_ankle": [124, 107.8],
                "near_toe": [131.9, 109.2],
                "far_knee": [129, 86],
                "far_ankle": [126, 107.8],
                "far_toe": [133.9, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
    "90-90-active-stretch": {
        "facing": "front",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": (
                "Sitting tall, seen from the front: the right leg bent at a right angle in front with"
                " the outer shin on the floor, the left leg bent at a right angle out to the side, "
                "hands on the floor."
            ),
            "joints": {
                "hip": [100, 94],
                "back": [100, 80],
                "shoulder": [100, 64],
                "head": [100, 52],
                "near_elbow": [96.8, 81.7],
                "near_hand": [82, 90],
                "far_elbow": [103.2, 81.7],
                "far_hand": [118, 90],
                "near_knee": [77.3, 104.6],
                "near_ankle": [99.2, 106.9],
                "near_toe": [106.7, 109.6],
                "far_knee": [124.6, 98.3],
                "far_ankle": [132.1, 77.7],
                "far_toe": [140, 76.3],
            },
            "props": [{"kind": "cushion", "x": 44, "y": 86, "width": 112, "height": 24}],
        },
        "held": {
            "alt": (
                "Turned to face the front shin and leaning forward from the hips with a long back, "
                "hands on the floor, pressing the right shin and knee gently into the floor."
            ),
            "joints": {
                "hip": [100, 94],
                "back": [94.8, 81],
                "shoulder": [88.8, 66.2],
                "head": [82.8, 55.8],
                "near_elbow": [82.2, 83],
                "near_hand": [76, 98.8],
                "far_elbow": [90, 84.1],
                "far_hand": [91.2, 101.1],
                "near_knee": [77.3, 104.6],
                "near_ankle": [99.2, 106.9],
                "near_toe": [106.7, 109.6],
                "far_knee": [124.6, 98.3],
                "far_ankle": [132.1, 77.7],
                "far_toe": [140, 76.3],
            },
            "props": [{"kind": "cushion", "x": 44, "y": 86, "width": 112, "height": 24}],
        },
    },
    "hip-circles": {
        "facing": "right",
        "side": "right",
        "worked": ["near_leg"],
        "start": {
            "alt": "On hands and knees with a flat back, tummy gently tightened.",
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [84, 109.2],
                "near_ankle": [62, 109.2],
                "near_toe": [54, 109.2],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
        "held": {
            "alt": (
                "On hands and knees, back still, the right knee lifted and drawing a big slow circle:"
                " forward, out to the side, back and down."
            ),
            "joints": {
                "hip": [84, 84.2],
                "back": [97.2, 79.6],
                "shoulder": [112.3, 74.2],
                "head": [124.1, 72.2],
                "near_elbow": [112.3, 92.2],
                "near_hand": [112.3, 109.2],
                "far_elbow": [113.8, 92.2],
                "far_hand": [115.3, 109.1],
                "near_knee": [107.5, 92.8],
                "near_ankle": [86.8, 100.3],
                "near_toe": [79.3, 103.1],
                "far_knee": [85.3, 109.2],
                "far_ankle": [63.3, 109.2],
                "far_toe": [55.3, 109.2],
            },
            "props": [{"kind": "floor"}],
        },
    },
}


def load_figures(apps, schema_editor):
    """Give each of the library's stretches its figure, where it has none yet."""
    stretches = apps.get_model("journal", "Stretch").objects.using(schema_editor.connection.alias)
    for stretch in stretches.filter(slug__in=FIGURES):
        if not stretch.figure:
            stretch.figure = FIGURES[stretch.slug]
            stretch.save(update_fields=["figure"])


class Migration(migrations.Migration):
    dependencies = [("journal", "0018_checkin_updated_set_by_its_write")]

    operations = [
        migrations.AddField(
            model_name="stretch",
            name="figure",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The stretch drawn as a body, in its start and held positions. Drag a joint in the preview or use the arrow keys on it; the data below follows.",
                validators=[journal.models.validate_figure],
            ),
        ),
        migrations.AddConstraint(
            model_name="stretch",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("figure", {}), ("figure__has_keys", ["start", "held"]), _connector="OR"
                ),
                name="journal_stretch_figure_positions",
                violation_error_message="A figure needs a “start” and a “held” position.",
            ),
        ),
        migrations.RunPython(load_figures, migrations.RunPython.noop),
    ]
