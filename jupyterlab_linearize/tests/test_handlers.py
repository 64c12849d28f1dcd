import json

import pytest
from tornado.httpclient import HTTPClientError


async def test_info_reports_version(jp_fetch):
    # When
    response = await jp_fetch("linearize", "info")

    # Then
    assert response.code == 200
    payload = json.loads(response.body)
    assert payload["name"] == "jupyterlab-linearize"
    from jupyterlab_linearize import __version__

    assert payload["version"] == __version__
    assert isinstance(payload["capabilities"], list)


async def test_info_refuses_requests_without_a_token(jp_fetch):
    # jp_fetch adds the server's token; an explicit empty Authorization must be refused.
    with pytest.raises(HTTPClientError) as err:
        await jp_fetch("linearize", "info", headers={"Authorization": ""})
    assert err.value.code == 403
