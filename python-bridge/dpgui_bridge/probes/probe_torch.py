"""What this interpreter's torch says about CUDA and its GPUs. Prints JSON lines; the last says it all."""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]


def out(obj):
    sys.__stdout__.write(json.dumps(obj) + "\n")
    sys.__stdout__.flush()


def last_line(error):
    text = str(error).strip().splitlines()
    return "%s: %s" % (type(error).__name__, text[-1] if text else "")


def main():
    out({"stage": "import torch"})
    sys.stdout = sys.stderr  # what torch prints while importing is not our answer
    try:
        import torch
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] == "torch":
            out({"result": "missing"})
        else:
            out({"result": "import_failed", "message": last_line(error)})
        return
    except BaseException as error:
        out({"result": "import_failed", "message": last_line(error)})
        return
    version = getattr(torch, "version", None)
    facts = {
        "version": str(getattr(torch, "__version__", "unknown")),
        "cuda_build": getattr(version, "cuda", None),
        "hip_build": getattr(version, "hip", None),
        "cuda_available": False,
        "devices": [],
    }
    out({"stage": "torch.cuda.is_available()", "partial": facts})
    try:
        facts["cuda_available"] = bool(torch.cuda.is_available())
        count = torch.cuda.device_count() if facts["cuda_available"] else 0
        for index in range(count):
            out({"stage": "torch.cuda.get_device_properties(%d)" % index, "partial": facts})
            props = torch.cuda.get_device_properties(index)
            device = {"index": index, "name": str(props.name), "total_memory": int(props.total_memory)}
            uuid = getattr(props, "uuid", None)
            if uuid is not None:
                text = str(uuid)
                device["uuid"] = text if text.startswith(("GPU-", "MIG-")) else "GPU-" + text
            if hasattr(props, "major"):
                device["capability"] = "%s.%s" % (props.major, props.minor)
            if hasattr(props, "pci_bus_id"):
                device["pci_bus_id"] = "%08X:%02X:%02X.0" % (
                    getattr(props, "pci_domain_id", 0),
                    props.pci_bus_id,
                    getattr(props, "pci_device_id", 0),
                )
            facts["devices"].append(device)
    except BaseException as error:
        facts["cuda_error"] = last_line(error)
    out({"result": "ok", "torch": facts})


main()
