#!/bin/sh
kubectl get pods -n prod -o wide
kubectl top pods -n prod
kubectl get events -n prod --sort-by=.lastTimestamp | tail -n 20
