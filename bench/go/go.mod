module tcpclient.dev/bench/goclient

go 1.19
