import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lstmdemo.modeling import glove
from lstmdemo.modeling.vocab import PAD_ID, UNK_ID, Vocab

VOCAB = Vocab(("<pad>", "<unk>", "the", "cat", "zzqx"))


def write_txt(path, dim):
    rows = {"the": np.arange(dim) / 10, "cat": -np.arange(dim) / 10, "dog": np.ones(dim)}
    path.write_text("".join(w + " " + " ".join(f"{x:.4f}" for x in v) + "\n" for w, v in rows.items()))
    return rows


@pytest.mark.parametrize("dim", [3, 7])
def test_reads_a_glove_txt_of_any_dimension(tmp_path, dim):
    rows = write_txt(tmp_path / f"glove.6B.{dim}d.txt", dim)
    g = glove.rows_for(VOCAB, tmp_path / f"glove.6B.{dim}d.txt", seed=0)
    assert g.matrix.shape == (5, dim) and g.matrix.dtype == np.float32
    np.testing.assert_allclose(g.matrix[2], rows["the"], atol=1e-6)
    np.testing.assert_allclose(g.matrix[3], rows["cat"], atol=1e-6)
    assert g.found.tolist() == [False, False, True, True, False]
    assert not g.matrix[PAD_ID].any()
    np.testing.assert_allclose(g.matrix[UNK_ID], (rows["the"] + rows["cat"]) / 2, atol=1e-6)
    assert g.matrix[4].std() > 0  # the missing word gets its own vector, not zeros
    assert g.source == f"glove.6B.{dim}d.txt"


def test_missing_words_get_seeded_vectors(tmp_path):
    write_txt(tmp_path / "g.txt", 4)
    a = glove.rows_for(VOCAB, tmp_path / "g.txt", seed=1).matrix
    assert np.array_equal(a, glove.rows_for(VOCAB, tmp_path / "g.txt", seed=1).matrix)
    assert not np.array_equal(a[4], glove.rows_for(VOCAB, tmp_path / "g.txt", seed=2).matrix[4])


def test_reads_the_npy_and_parquet_layout(tmp_path):
    emb = np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32)
    np.save(tmp_path / "emb.npy", emb)
    pq.write_table(pa.table({"index": ["cat", "the", "dog"]}), tmp_path / "index.parquet")
    found, dim = glove.read_npy(tmp_path / "emb.npy", tmp_path / "index.parquet", {"the", "cat", "zzqx"})
    assert dim == 2 and sorted(found) == ["cat", "the"]
    assert found["the"].tolist() == [3, 4] and found["cat"].tolist() == [1, 2]


def test_coverage_counts_vocab_and_tokens(tmp_path):
    write_txt(tmp_path / "g.txt", 3)
    g = glove.rows_for(VOCAB, tmp_path / "g.txt")
    cov = g.coverage({"the": 6, "cat": 2, "zzqx": 2}, VOCAB)
    assert cov == {"vocab_found": 2, "vocab_size": 3, "vocab_share": 2 / 3, "token_share": 0.8}


def test_inconsistent_txt_is_refused(tmp_path):
    (tmp_path / "g.txt").write_text("the 1 2 3\ncat 1 2\n")
    with pytest.raises(ValueError, match=r"g.txt:2: 2 values, expected 3"):
        glove.rows_for(VOCAB, tmp_path / "g.txt")


def test_the_packaged_vectors_are_glove_6b_50d():
    g = glove.rows_for(Vocab(("<pad>", "<unk>", "the", "king")))
    assert g.matrix.shape == (4, 50) and g.found[2:].all()
    np.testing.assert_allclose(g.matrix[2][:3], [0.418, 0.24968, -0.41242], atol=1e-5)
