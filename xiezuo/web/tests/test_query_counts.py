"""Hot pages run a bounded number of queries, however many pairings there are."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/", 20),
        ("/coverage/?place=45", 30),
        ("/pairings/?kind=village", 8),
        ("/places/451024/", 23),  # 6 the projects panel, 2 the tourism panel, however many
        ("/api/v1/pairings?limit=100", 8),
        ("/api/v1/pairings/coverage?place=45", 12),
        ("/organisations/", 8),
    ],
)
def test_hot_pages_have_a_query_budget(client_for, django_assert_max_num_queries, url, most):
    client = client_for("coordinator", scope=["44", "45"])
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
