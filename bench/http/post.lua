-- wrk script: POST the body in $BODY (JSON) with the API key in $KEY to the URL's path.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
