import pytest

from lstmdemo.modeling.data import SST_WHERE_FROM, WHERE_FROM, Example, data_dir, read, read_csv, read_tsv, split
from lstmdemo.modeling.text import words


def test_reads_the_published_three_column_layout(tmp_path):
    f = tmp_path / "test.csv"
    f.write_text(
        '"3","Fears for T N pension after talks","Unions representing workers at Turner   Newall say"\n'
        '"4","The Race is On (SPACE.com)","SPACE.com - TORONTO -- A second\\team for the  #36;10 million"\n'
        '"1","Quote ""inside""","He said  quot;no quot; and &lt;b&gt;left&lt;/b&gt;"\n',
        encoding="utf-8",
    )
    rows = read_csv(f)
    assert [r.label for r in rows] == [2, 3, 0]
    assert rows[0].text == "Fears for T N pension after talks Unions representing workers at Turner   Newall say"
    assert rows[2].text == 'Quote "inside" He said  quot;no quot; and &lt;b&gt;left&lt;/b&gt;'
    assert words(rows[1].text)[-7:] == ["second", "team", "for", "the", "$", "10", "million"]


def test_reads_the_two_column_layout(tmp_path):
    f = tmp_path / "train.csv"
    f.write_text('"2","Messier #39;s team won \\$5"\n"1","world news"\n', encoding="utf-8")
    assert read_csv(f) == [Example("Messier #39;s team won \\$5", 1), Example("world news", 0)]
    assert words(read_csv(f)[0].text) == ["messier", "'s", "team", "won", "$", "5"]


def test_bad_rows_and_paths_say_what_is_wrong(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text('"7","text"\n')
    with pytest.raises(ValueError, match=r"bad.csv:1: expected class \(1-4\)"):
        read_csv(f)
    with pytest.raises(FileNotFoundError, match="AG News is not shipped"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(FileNotFoundError, match="ag_news_csv"):
        data_dir(tmp_path / "nowhere", tmp_path, WHERE_FROM)


def test_split_is_seeded_and_disjoint():
    rows = [Example(str(i), i % 4) for i in range(100)]
    train, valid = split(rows, 10, seed=3)
    assert len(valid) == 10 and len(train) == 90
    assert {r.text for r in train}.isdisjoint(r.text for r in valid)
    assert split(rows, 10, seed=3) == (train, valid)
    assert split(rows, 10, seed=4)[1] != valid


def test_reads_sst_tsv_with_glue_trailing_spaces(tmp_path):
    f = tmp_path / "dev.tsv"
    f.write_text(
        "sentence\tlabel\nit 's a charming and often affecting journey . \t1\nunflinchingly bleak \t0\r\n\n"
        "a tab\tinside the text\t1\n",
        encoding="utf-8",
    )
    assert read_tsv(f) == [
        Example("it 's a charming and often affecting journey .", 1),
        Example("unflinchingly bleak", 0),
        Example("a tab\tinside the text", 1),
    ]
    assert read(f) == read_tsv(f)


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("text\tlabel\ngood\t1\n", r"bad.tsv:1: expected the header sentence<TAB>label"),
        ("sentence\tlabel\ngood\t1\nbad\t2\n", r"bad.tsv:3: expected text<TAB>0 or text<TAB>1, got 'bad\\t2'"),
        ("sentence\tlabel\nno label here\n", r"bad.tsv:2: expected text<TAB>0"),
        ("sentence\tlabel\n \t1\n", r"bad.tsv:2: expected text<TAB>0"),
        ("sentence\tlabel\n", r"bad.tsv holds no rows"),
    ],
)
def test_bad_tsv_names_the_file_and_line(tmp_path, content, where):
    f = tmp_path / "bad.tsv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=where):
        read_tsv(f)


def test_missing_tsv_says_where_sst_comes_from(tmp_path):
    with pytest.raises(FileNotFoundError, match="SST-2 is not shipped"):
        read_tsv(tmp_path / "test.tsv")
    with pytest.raises(FileNotFoundError, match="SST-2 is not shipped"):
        data_dir(tmp_path / "nowhere", tmp_path, SST_WHERE_FROM)


def test_read_chooses_the_reader_by_suffix(tmp_path):
    f = tmp_path / "test.csv"
    f.write_text('"2","team won"\n', encoding="utf-8")
    assert read(f) == [Example("team won", 1)]
