"""The official MCP Python SDK as a third-party client: connects over streamable HTTP with a
device API key, lists the tools, makes the calls given as JSON ([[name, args], ...]) on argv[3],
or on standard input when argv[3] is "-" (a base64 file is larger than one argument may be),
and prints one JSON object with what it saw. A name of "resources/list" (args: {"cursor"}) or
"resources/read" (args: {"uri"}) asks for resources instead of calling a tool."""

import asyncio
import json
import sys

from mcp import ClientSession, types
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError


async def resource_call(session, name, args):
    try:
        if name == "resources/list":
            params = types.PaginatedRequestParams(cursor=args["cursor"]) if args.get("cursor") else None
            r = await session.list_resources(params=params)
            return {
                "resources": [
                    {"uri": str(x.uri), "name": x.name, "mimeType": x.mime_type}
                    for x in r.resources
                ],
                "nextCursor": r.next_cursor,
            }
        r = await session.read_resource(args["uri"])
        return {
            "contents": [
                {"uri": str(c.uri), "mimeType": c.mime_type, "text": getattr(c, "text", None)}
                for c in r.contents
            ]
        }
    except MCPError as e:
        return {"error": {"code": e.code, "message": e.message}}


async def main(url, key, calls):
    http = create_mcp_http_client(headers={"X-Api-Key": key})
    async with http, streamable_http_client(url, http_client=http) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            templates = await session.list_resource_templates()
            results = []
            for name, args in calls:
                if name.startswith("resources/"):
                    results.append(await resource_call(session, name, args))
                    continue
                r = await session.call_tool(name, args)
                text = "".join(c.text for c in r.content if c.type == "text")
                results.append({"isError": bool(r.is_error), "text": text})
            print(json.dumps({
                "server": init.server_info.name,
                "protocol": init.protocol_version,
                "resources": init.capabilities.resources is not None,
                "templates": [t.uri_template for t in templates.resource_templates],
                "tools": sorted(t.name for t in tools.tools),
                "schemas": {t.name: t.input_schema for t in tools.tools},
                "results": results,
            }))


calls = json.load(sys.stdin) if sys.argv[3] == "-" else json.loads(sys.argv[3])
asyncio.run(main(sys.argv[1], sys.argv[2], calls))
