import json
from pathlib import Path

import convmap

golden = Path(convmap.__file__).parents[2] / "tests" / "golden"
for name in ("tf", "torch"):
    data = json.loads((golden / f"{name}_shapes.json").read_text())
    case = {c["id"]: c for c in data["cases"]}[f"{name}-shape-same-n17-k4-s1-d1"]
    version = data["header"]["framework_version"]
    print(f"{name} {version}: first {case['probe'][0]}, last {case['probe'][-1]}")
