-- wrk script: GET with the API key in $KEY.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
