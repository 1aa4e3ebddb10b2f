"""The official MCP Python SDK as a third-party client: connects over streamable HTTP with a
device API key, lists the tools, makes the calls given as JSON on argv[3] ([[name, args], ...])
and prints one JSON object with what it saw."""

import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main(url, key, calls):
    http = create_mcp_http_client(headers={"X-Api-Key": key})
    async with http, streamable_http_client(url, http_client=http) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            results = []
            for name, args in calls:
                r = await session.call_tool(name, args)
                text = "".join(c.text for c in r.content if c.type == "text")
                results.append({"isError": bool(r.is_error), "text": text})
            print(json.dumps({
                "server": init.server_info.name,
                "protocol": init.protocol_version,
                "tools": sorted(t.name for t in tools.tools),
                "schemas": {t.name: t.input_schema for t in tools.tools},
                "results": results,
            }))


asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
