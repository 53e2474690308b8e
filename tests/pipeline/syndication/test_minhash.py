from __future__ import annotations

import numpy as np
from datasketch import MinHash

from frontwatch.pipeline.syndication.minhash import (
    NUM_PERM,
    SEED,
    band_keys,
    document_shingles,
    shingle_hashes,
    signatures,
    word_hashes,
    words,
)

TEXT = ("Government forces retook the town of Kalma on Tuesday after two days of heavy fighting with rebels "
        "who had held it since January, a military spokesman said in the capital.")


def test_minhash_signature_equals_datasketch() -> None:
    sh = document_shingles(TEXT)
    ref = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=lambda x: x)
    ref.update_batch([int(x) for x in sh])
    assert np.array_equal(ref.hashvalues.astype(np.uint32), signatures([sh])[0])


def test_minhash_batch_equals_one_by_one() -> None:
    texts = [TEXT, TEXT.replace("Tuesday", "Monday"), "short text", ""]
    shs = [document_shingles(t) for t in texts]
    batch = signatures(shs)
    for i, s in enumerate(shs):
        assert np.array_equal(batch[i], signatures([s])[0])


def test_minhash_similar_texts_share_bands_unrelated_do_not() -> None:
    other = ("Floods destroyed hundreds of homes in the delta region this week, and aid agencies appealed for "
             "boats, tents and clean water for the families who lost everything.")
    keys = band_keys(signatures([document_shingles(t) for t in (TEXT, TEXT + " He gave no figures.", other)]))
    assert len(set(keys[0]) & set(keys[1])) > 0
    assert len(set(keys[0]) & set(keys[2])) == 0


def test_shingles_short_text() -> None:
    wh = word_hashes(words("two words"))
    assert len(shingle_hashes(wh)) == 1
    assert len(shingle_hashes(word_hashes([]))) == 0
