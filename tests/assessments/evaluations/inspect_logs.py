"""Real Inspect eval logs for the tests, written by `inspect_ai` itself: a tiny task of
two samples run against Inspect's mock model provider (`mockllm/model`), no network.

The run happens in a child process: `inspect_ai.eval` starts its own event loop, which
must not meet the one Playwright runs in the test's thread, and its log directory and
display settings stay out of the test process.
"""

import os
import subprocess
import sys
from pathlib import Path

TASK = "tiny_uplift"
MODEL = "mockllm/model"
# The mock model answers "2" (right) and "hello" (the target is "hi": wrong), so the
# `includes` scorer's accuracy is 0.5.
ACCURACY = 0.5

SCRIPT = """
import sys
from inspect_ai import Task, eval as inspect_eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ModelOutput, ModelUsage
from inspect_ai.scorer import includes
from inspect_ai.solver import generate


def answer(text):
    output = ModelOutput.from_content(model="mockllm/model", content=text)
    # Usage given, so the mock provider does not count tokens (tiktoken would download
    # its vocabulary).
    output.usage = ModelUsage(input_tokens=5, output_tokens=1, total_tokens=6)
    return output


samples = [
    Sample(input="What is 1 + 1?", target="2", id="arithmetic"),
    Sample(input="Greet me.", target="hi", id="greeting"),
]
task = Task(
    name="tiny_uplift",
    dataset=MemoryDataset(samples, name="tiny-questions"),
    solver=[generate()],
    scorer=includes(),
)
logs = inspect_eval(
    task,
    model="mockllm/model",
    model_args={"custom_outputs": [answer("2"), answer("hello")]},
    log_dir=sys.argv[1],
    log_format=sys.argv[2],
    display="none",
    max_samples=1,
)
assert logs[0].status == "success", logs[0].error
"""


def write_inspect_log(directory: Path, log_format: str = "eval") -> Path:
    """Run the tiny task with inspect_ai and return the log file it wrote."""
    directory.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "INSPECT_DISPLAY": "none", "NO_COLOR": "1"}
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(directory), log_format],
        check=True,
        cwd=directory,
        env=env,
        capture_output=True,
        timeout=120,
    )
    (found,) = directory.glob(f"*.{log_format}")
    return found
